"""Render a document synchronously, without a job: for administrators and debugging."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from reports.engine import Format, UnknownDocument, registry
from reports.engine.render import render_document


class Command(BaseCommand):
    help = "Сформировать документ сразу, без очереди: render_document KIND --format pdf --out FILE"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help="идентификатор документа (см. list_documents)")
        parser.add_argument("--format", dest="fmt", required=True, choices=Format.values)
        parser.add_argument("--out", required=True, help="куда записать файл")
        parser.add_argument(
            "--param",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="параметр документа; можно повторять",
        )

    def handle(self, *args: Any, kind: str, fmt: str, out: str, param: list[str], **opts: Any):
        translation.activate("ru")
        try:
            document_cls = registry.get(kind)
        except UnknownDocument:
            known = ", ".join(k.identifier for k in registry) or "—"
            raise CommandError(f"Нет документа «{kind}». Есть: {known}") from None
        if not document_cls.offers(fmt):
            offered = ", ".join(f.value for f in document_cls.formats)
            raise CommandError(f"«{kind}» выпускается только в форматах: {offered}")
        data: dict[str, str] = {}
        for item in param:
            name, sep, value = item.partition("=")
            if not sep or not name:
                raise CommandError(f"Параметр «{item}» должен иметь вид имя=значение")
            data[name.strip()] = value
        form = document_cls.get_form(data, user=None)
        if not form.is_valid():
            problems = "; ".join(
                f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()
            )
            raise CommandError(f"Параметры не подходят: {problems}")
        document = document_cls(form.cleaned_data, user=None)
        target = Path(out)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as handle:
            result = render_document(document, fmt, handle)
        detail = f"{result.pages} стр." if result.pages is not None else f"{result.rows} строк"
        self.stdout.write(self.style.SUCCESS(f"{target} ({target.stat().st_size} байт, {detail})"))
