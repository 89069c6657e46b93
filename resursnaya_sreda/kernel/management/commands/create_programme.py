"""``manage.py create_programme``: a programme cycle built from the roadmap seed."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from resursnaya_sreda.kernel import roadmap_seed
from resursnaya_sreda.kernel.models import Programme
from resursnaya_sreda.kernel.services import programme_create_from_seed


def parse_date(value: str) -> datetime.date:
    """ДД.ММ.ГГГГ as people write it, or ГГГГ-ММ-ДД."""
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a date only
        except ValueError:
            continue
    raise CommandError(f"Дата «{value}» не распознана: укажите её как ДД.ММ.ГГГГ.")


class Command(BaseCommand):
    help = (
        "Создаёт программу из дорожной карты: семь шагов с задачами и целевыми показателями. "
        "По умолчанию — цикл «Ресурсная среда — 2020» с датами исходного документа."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, default=roadmap_seed.SEED_YEAR, help="Год цикла.")
        parser.add_argument("--title", help="Название; по умолчанию «Ресурсная среда — <год>».")
        parser.add_argument(
            "--start",
            type=parse_date,
            help="Начало шага 1 (ДД.ММ.ГГГГ); по умолчанию 1 марта указанного года.",
        )
        parser.add_argument(
            "--current",
            action="store_true",
            help="Сделать программу текущей (её покажет публичный сайт).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year: int = options["year"]
        title: str = options["title"] or roadmap_seed.PROGRAMME_TITLE_TEMPLATE.format(year=year)
        existing = Programme.objects.filter(title=title).first()
        if existing is not None:
            # Running the command again is harmless: it reports and changes nothing.
            self.stdout.write(
                self.style.WARNING(
                    f"Программа «{title}» уже существует (id {existing.pk}) — ничего не изменено."
                )
            )
            return
        try:
            programme = programme_create_from_seed(
                title=title, year=year, start=options["start"], make_current=options["current"]
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc

        self.stdout.write(self.style.SUCCESS(f"Создана программа «{programme.title}»."))
        for step in programme.steps.order_by("number"):
            self.stdout.write(
                f"  Шаг {step.number}. {step.title}: "
                f"{step.starts_on:%d.%m.%Y} – {step.ends_on:%d.%m.%Y}, задач: {step.tasks.count()}"
            )
        self.stdout.write(f"  Целевых показателей: {programme.targets.count()}")
        if programme.is_current:
            self.stdout.write("  Программа сделана текущей.")
