"""``manage.py backup --to DIR|s3://…``: the database and all files, with a manifest."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from resursnaya_sreda.kernel import backups


class Command(BaseCommand):
    help = (
        "Резервная копия: дамп базы данных (PostgreSQL — pg_dump, SQLite — копия файла), все "
        "открытые и закрытые файлы и manifest.json с контрольными суммами SHA-256. "
        "--to — папка или s3://ключ:секрет@хост/бакет/префикс."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--to", required=True, help="папка или s3://… для копии")

    def handle(self, *args: Any, to: str, **options: Any) -> None:
        try:
            result = backups.backup_make(destination=to)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = result.manifest
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Копия {result.path}: таблиц {len(manifest['row_counts'])}, строк {rows}, "
                f"файлов {len(manifest['files'])}."
            )
        )
