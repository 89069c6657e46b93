"""``manage.py import_municipalities FILE``: municipalities from CSV or XLSX, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from resursnaya_sreda.kernel.importing import MAX_ROWS, check_municipality_rows
from resursnaya_sreda.kernel.services import municipalities_import
from resursnaya_sreda.kernel.spreadsheets import ImportFileError, read_table


class Command(BaseCommand):
    help = (
        "Загружает муниципальные образования из CSV или XLSX. Первая строка — заголовок; "
        "столбцы: регион (код или название), название, вид, ОКТМО. Если в файле есть ошибки, "
        "не загружается ничего; существующие записи обновляются."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Путь к файлу .csv или .xlsx.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            lines = read_table(path, max_rows=MAX_ROWS, allow_csv=True)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc

        rows, errors = check_municipality_rows(lines)
        if errors:
            for error in errors:
                self.stderr.write(error)
            raise CommandError(
                f"Файл не загружен: ошибок — {len(errors)}. Исправьте их и запустите импорт снова."
            )
        if not rows:
            raise CommandError("В файле нет ни одной строки с данными после заголовка.")

        try:
            counts = municipalities_import(rows=rows)
        except ValidationError as exc:
            raise CommandError("Файл не загружен: " + "; ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Загружено: новых — {counts.created}, обновлено — {counts.updated}, "
                f"без изменений — {counts.unchanged}."
            )
        )
