"""One entry point for producing a document in a format, used by the task and the command."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from reports.engine.base import Document, Format, Progress, _no_progress
from reports.engine.pdf import render_pdf, render_template
from reports.engine.sections import SectionedDocument, render_sectioned
from reports.engine.xlsx import write_workbook


@dataclass
class RenderResult:
    pages: int | None = None
    rows: int | None = None


def render_document(
    document: Document, fmt: str, target: IO[bytes], *, progress: Progress = _no_progress
) -> RenderResult:
    """Write ``document`` as ``fmt`` to the binary file ``target``."""
    fmt = Format(fmt)
    if not document.offers(fmt):
        raise ValueError(f"{document.identifier} does not offer {fmt}")
    if fmt is Format.PDF and isinstance(document, SectionedDocument):
        return RenderResult(pages=render_sectioned(document, target, progress=progress).pages)
    if fmt is Format.PDF:
        if not document.template_name:
            raise ValueError(f"{document.identifier} has no template_name")
        context = document.get_context(progress)
        progress(0.3)
        html = render_template(document.template_name, context, title=document.get_title())
        progress(0.4)
        return RenderResult(pages=render_pdf(html, target, progress=progress).pages)
    result = write_workbook(document.iter_sheets(progress), target, progress=progress)
    return RenderResult(rows=result.rows)
