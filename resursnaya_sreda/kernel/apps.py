from django.apps import AppConfig


class KernelConfig(AppConfig):
    name = "resursnaya_sreda.kernel"
    label = "kernel"
    verbose_name = "Программа"
