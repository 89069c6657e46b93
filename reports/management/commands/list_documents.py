"""List the registered kinds of documents."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import translation

from reports.engine import registry


class Command(BaseCommand):
    help = "Показать документы, которые умеет формировать портал"

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("ru")
        for kind in registry:
            formats = ", ".join(fmt.value for fmt in kind.formats)
            params = ", ".join(kind.form_class.base_fields) or "—"
            self.stdout.write(f"{kind.identifier}\t{formats}\t{kind.verbose_name}\t[{params}]")
