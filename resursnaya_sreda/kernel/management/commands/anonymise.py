"""``manage.py anonymise``: personal data of programmes past their retention date (152-ФЗ)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from resursnaya_sreda.kernel import personal_data


class Command(BaseCommand):
    help = (
        "Обезличивает персональные данные программ, у которых истёк срок хранения "
        "(PERSONAL_DATA_RETENTION_DAYS после конца последнего шага). Записи остаются, поэтому "
        "числа и отчёты не меняются. Повторный запуск ничего не меняет. То же каждый день "
        "делает планировщик."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="только посчитать")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        done = personal_data.anonymise_due(dry_run=dry_run)
        if not done:
            self.stdout.write("Программ с истёкшим сроком хранения нет.")
        for programme, counts in done.items():
            line = ", ".join(f"{name}: {count}" for name, count in counts.items()) or "—"
            verb = "будет обезличено" if dry_run else "обезличено"
            self.stdout.write(f"«{programme}»: {verb} — {line}")
