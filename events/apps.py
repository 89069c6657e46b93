from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Мероприятия"

    def ready(self) -> None:
        from resursnaya_sreda.kernel.demo_loaders import register_demo

        register_demo("events", "events.demo.populate", order=30)
        from events import cabinet, correspondence, documents, thread  # noqa: F401

        correspondence.register()
        from events.models import Event, EventPhoto, EventScan
        from events.permissions import get_event_for_user, get_photo_for_user, get_scan_for_user
        from resursnaya_sreda.kernel.uploads import register_private_files

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
