from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = "Письма и информационная кампания"

    def ready(self) -> None:
        from resursnaya_sreda.kernel.demo_loaders import register_demo

        register_demo("letters", "letters.demo.populate", order=60)
