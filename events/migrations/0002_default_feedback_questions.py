from django.db import migrations

QUESTIONS = [
    ("Насколько полезным для вашей работы было мероприятие?", True),
    ("Насколько понятно и интересно были изложены материалы?", True),
    ("Насколько хорошо было организовано мероприятие?", True),
    ("Что стоит улучшить или добавить в следующий раз?", False),
]


def seed(apps, schema_editor):
    question = apps.get_model("events", "FeedbackQuestion")
    for kind in ("seminar", "round_table", "videobridge"):
        for position, (text, is_rating) in enumerate(QUESTIONS):
            question.objects.get_or_create(
                kind=kind, text=text, defaults={"is_rating": is_rating, "position": position}
            )


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
