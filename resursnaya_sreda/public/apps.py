from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "resursnaya_sreda.public"
    label = "public"
    verbose_name = "Публичный сайт"
