"""Event times become instants stored in UTC: the wall-clock times entered so far are read on
the clocks of the event's region (its IANA zone), and ``date`` stays as the local date."""

import datetime
from zoneinfo import ZoneInfo

from django.db import migrations, models


def to_instants(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    for event in Event.objects.select_related("pilot_site__region"):
        zone = ZoneInfo(event.pilot_site.region.timezone if event.pilot_site_id else "Europe/Moscow")
        event.start_moment = datetime.datetime.combine(event.date, event.starts_at, tzinfo=zone)
        event.end_moment = datetime.datetime.combine(event.date, event.ends_at, tzinfo=zone)
        event.save(update_fields=["start_moment", "end_moment"])


def to_wall_clock(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    for event in Event.objects.select_related("pilot_site__region"):
        zone = ZoneInfo(event.pilot_site.region.timezone if event.pilot_site_id else "Europe/Moscow")
        event.starts_at = event.start_moment.astimezone(zone).time()
        event.ends_at = event.end_moment.astimezone(zone).time()
        event.save(update_fields=["starts_at", "ends_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_event_practice"),
        ("kernel", "0004_region_timezone"),
    ]

    operations = [
        migrations.AddField(
            model_name="event", name="start_moment", field=models.DateTimeField(null=True)
        ),
        migrations.AddField(
            model_name="event", name="end_moment", field=models.DateTimeField(null=True)
        ),
        migrations.RunPython(to_instants, to_wall_clock),
        migrations.RemoveField(model_name="event", name="starts_at"),
        migrations.RemoveField(model_name="event", name="ends_at"),
        migrations.RenameField(model_name="event", old_name="start_moment", new_name="starts_at"),
        migrations.RenameField(model_name="event", old_name="end_moment", new_name="ends_at"),
        migrations.AlterField(
            model_name="event",
            name="starts_at",
            field=models.DateTimeField(verbose_name="начало"),
        ),
        migrations.AlterField(
            model_name="event",
            name="ends_at",
            field=models.DateTimeField(verbose_name="окончание"),
        ),
        migrations.AlterField(
            model_name="event",
            name="date",
            field=models.DateField(
                help_text="По местному времени региона проведения.", verbose_name="дата"
            ),
        ),
        migrations.AlterModelOptions(
            name="event",
            options={
                "ordering": ["starts_at", "pk"],
                "verbose_name": "мероприятие",
                "verbose_name_plural": "мероприятия",
            },
        ),
    ]
