from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Мероприятия"

    def ready(self) -> None:
        from resursnaya_sreda.kernel.demo_loaders import register_demo

        register_demo("events", "events.demo.populate", order=30)
        from django.db.models.signals import post_delete, post_save

        from events import (  # noqa: F401
            cabinet,
            correspondence,
            documents,
            indicators,
            personal_data,
            public_page,
            thread,
        )

        correspondence.register()
        personal_data.register()
        public_page.register()
        from events.models import Event, EventPhoto, EventScan
        from events.permissions import get_event_for_user, get_photo_for_user, get_scan_for_user
        from events.selectors import forget_overview
        from resursnaya_sreda.kernel.uploads import register_private_files

        post_save.connect(forget_overview, sender=Event, dispatch_uid="events-overview")
        post_delete.connect(forget_overview, sender=Event, dispatch_uid="events-overview")
        register_private_files(EventScan, get_scan_for_user)
        register_private_files(EventPhoto, get_photo_for_user)
        # The resolution of a round table is a document for staff, served after their check.
        register_private_files(
            Event,
            get_event_for_user,
            key="events-resolution",
            file_field="resolution_file",
            thumbnail_field=None,
            name_field="resolution_file_name",
        )
