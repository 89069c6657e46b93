from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "resursnaya_sreda.accounts"
    label = "accounts"
    verbose_name = "Пользователи и роли"
