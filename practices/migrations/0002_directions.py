"""The directions the federal centre starts with; it edits the list in the admin afterwards."""

from django.db import migrations

DIRECTIONS = [
    "Этнокультурное образование",
    "Межнациональный диалог",
    "Адаптация и интеграция мигрантов",
    "Молодёжь и межнациональные отношения",
    "Сохранение и развитие родных языков",
    "Традиционная культура народов России",
    "Профилактика экстремизма",
]


def add_directions(apps, schema_editor):
    Direction = apps.get_model("practices", "Direction")
    for position, name in enumerate(DIRECTIONS, start=1):
        Direction.objects.get_or_create(name=name, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial")]

    operations = [migrations.RunPython(add_directions, migrations.RunPython.noop)]
