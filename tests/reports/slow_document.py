"""A document that takes its time, for the tests that kill or stall the worker rendering it.

Each run appends ``start <pid> <job id>`` to the file RS_SLOW_DOCUMENT_LOG names when it
begins and ``finish <pid> <job id>`` when its rows are all produced, so a test can count how
many runs finished and see that they never overlapped.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any

from django import forms

from reports.engine import Column, Document, Format, ParametersForm, Progress, Sheet, register
from resursnaya_sreda.accounts import permissions

ROWS = int(os.environ.get("RS_SLOW_DOCUMENT_ROWS", "120"))
PAUSE = float(os.environ.get("RS_SLOW_DOCUMENT_PAUSE", "0.05"))


def _log(event: str, tag: str) -> None:
    path = os.environ.get("RS_SLOW_DOCUMENT_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(f"{event} {os.getpid()} {tag} {time.time():.3f}\n")


class TagForm(ParametersForm):
    tag = forms.CharField(max_length=40)


@register
class SlowDocument(Document):
    identifier = "test-slow"
    verbose_name = "Медленный документ (тест)"
    formats = (Format.XLSX,)
    form_class = TagForm

    @classmethod
    def can_request(cls, user: Any) -> bool:
        return permissions.is_federal(user)

    def iter_sheets(self, progress: Progress = lambda fraction: None) -> Iterator[Sheet]:
        tag = self.parameters.get("tag") or "-"

        def rows() -> Iterator[list[Any]]:
            _log("start", tag)
            for n in range(ROWS):
                time.sleep(PAUSE)
                progress((n + 1) / ROWS * 0.9)
                yield [n + 1, f"Строка {n + 1}"]
            _log("finish", tag)

        yield Sheet("Строки", [Column("№", kind="int"), Column("Текст")], rows(), ROWS)
