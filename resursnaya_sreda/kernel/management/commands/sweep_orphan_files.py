"""Remove stored files no record refers to (left by rolled-back transactions or crashes)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from resursnaya_sreda.kernel.uploads.sweep import sweep_orphan_files

_LABELS = {"default": "Публичное хранилище", "private": "Закрытое хранилище"}


class Command(BaseCommand):
    help = (
        "Удаляет из публичного и закрытого хранилищ файлы, на которые не ссылается ни одна "
        "запись, если они старше часа (или --min-age-minutes)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Только показать, что было бы удалено.",
        )
        parser.add_argument(
            "--min-age-minutes",
            type=int,
            default=60,
            help="Не трогать файлы моложе этого числа минут (по умолчанию 60).",
        )

    def handle(self, *args: Any, dry_run: bool, min_age_minutes: int, **options: Any) -> None:
        if min_age_minutes < 0:
            self.stderr.write("--min-age-minutes не может быть отрицательным.")
            return
        reports = sweep_orphan_files(
            min_age=datetime.timedelta(minutes=min_age_minutes), dry_run=dry_run
        )
        verbose = options.get("verbosity", 1) >= 2
        for report in reports:
            label = _LABELS.get(report.alias, report.alias)
            if verbose or dry_run:
                for name in report.orphans:
                    self.stdout.write(f"  {'лишний' if dry_run else 'удалён'}: {name}")
            action = (
                f"будет удалено {len(report.orphans)}" if dry_run else f"удалено {report.deleted}"
            )
            self.stdout.write(
                f"{label}: файлов {report.found}, используются {report.referenced}, "
                f"моложе {min_age_minutes} мин. {report.too_recent}, {action}."
            )
