from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "resursnaya_sreda.public"
    label = "public"
    verbose_name = "Публичный сайт"

    def ready(self) -> None:
        from resursnaya_sreda.kernel.demo_loaders import register_demo

        register_demo("public", "resursnaya_sreda.public.demo.populate", order=10)
        from auditlog.registry import auditlog

        # The cabinet"s news section registers itself on import.
        from resursnaya_sreda.public import cabinet  # noqa: F401
        from resursnaya_sreda.public.models import NewsItem

        # Publishing and editing news is a change the federal centre wants to trace.
        if not auditlog.contains(NewsItem):
            auditlog.register(NewsItem)
