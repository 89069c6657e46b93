"""``manage.py restore DIR|s3://…``: check every checksum, then restore database and files."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from resursnaya_sreda.kernel import backups


class Command(BaseCommand):
    help = (
        "Восстанавливает копию, сделанную командой backup. Сначала проверяет manifest.json и "
        "контрольные суммы всех файлов: повреждённую или неполную копию отказывается "
        "восстанавливать, не тронув базу данных. Затем заменяет содержимое базы и записывает "
        "файлы. --database-url — восстановить в другую (например, пустую) базу."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("source", help="папка копии или s3://…/backup-ДАТА")
        parser.add_argument("--database-url", help="другая база, например новая пустая")
        parser.add_argument(
            "--yes", action="store_true", help="не спрашивать подтверждения (для скриптов)"
        )

    def handle(self, *args: Any, source: str, database_url: str | None, yes: bool, **o: Any):
        database = backups.database_from_url(database_url) if database_url else None
        if not yes and not source.startswith("s3://"):
            from pathlib import Path

            try:
                backups.backup_verify(Path(source))
            except backups.BackupError as exc:
                raise CommandError(f"Копия не годится: {exc}") from exc
            answer = input("Содержимое базы данных будет заменено копией. Продолжить? [да/нет] ")
            if answer.strip().lower() not in {"да", "yes", "y", "д"}:
                raise CommandError("Отменено.")
        try:
            manifest = backups.backup_restore(source=source, database=database)
        except backups.BackupError as exc:
            raise CommandError(f"Копия не восстановлена: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Восстановлено: копия от {manifest['created_at']}, таблиц "
                f"{len(manifest['row_counts'])}, файлов {manifest['restored_files']}."
            )
        )
