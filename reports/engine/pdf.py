"""PDF through WeasyPrint from Django templates extending ``documents/base_pdf.html``."""

from __future__ import annotations

import base64
import mimetypes
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML

from reports.engine.base import Progress, _no_progress
from reports.engine.fetcher import BASE_URL, PortalURLFetcher

#: Every PDF of the portal is tagged (PDF/UA-1): a structure tree gives screen readers the
#: reading order, headings, lists and tables; the title is shown instead of the file name.
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}
GENERATOR = "Портал программы «Ресурсная среда»"
DEFAULT_AUTHOR = "АНО «Ресурсный центр в сфере национальных отношений»"


def describe(document: Any, *, title: str | None = None) -> None:
    """Title, author, creator and language of a laid-out WeasyPrint document.

    The title comes from the template's ``<title>`` unless given; the author from
    ``<meta name="author">`` or else ``settings.DOCUMENTS_AUTHOR``.
    """
    metadata = document.metadata
    if title:
        metadata.title = title
    if not metadata.authors:
        metadata.authors = [getattr(settings, "DOCUMENTS_AUTHOR", DEFAULT_AUTHOR)]
    metadata.generator = GENERATOR
    metadata.lang = metadata.lang or "ru"


@dataclass
class PdfResult:
    pages: int
    refused_urls: list[str] = field(default_factory=list)
    fetched_urls: list[str] = field(default_factory=list)


def render_template(template_name: str, context: dict[str, Any], *, title: str) -> str:
    """The document's HTML: Django templates with autoescape, in Russian."""
    with translation.override("ru"):
        return render_to_string(
            template_name,
            {
                **context,
                "document_title": title,
                "generated_at": timezone.localtime(),
            },
        )


def render_pdf(html: str, target: IO[bytes], *, progress: Progress = _no_progress) -> PdfResult:
    """Lay out ``html`` and write the PDF to ``target``.

    Resources come only through :class:`PortalURLFetcher`. Attachments are dropped before the
    PDF is written — both ``<link rel=attachment>`` in the head and ``<a rel=attachment>`` in
    the body — so no file, however it was named, is ever embedded in a document.
    """
    fetcher = PortalURLFetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(**PDF_OPTIONS)
    progress(0.8)
    describe(document)
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]
    document.write_pdf(target, attachments=None, **PDF_OPTIONS)
    progress(1.0)
    return PdfResult(
        pages=len(document.pages),
        refused_urls=list(fetcher.refused),
        fetched_urls=list(fetcher.served),
    )


def data_uri(handle: IO[bytes], name: str) -> str:
    """A private file (a photo of an event) inlined into the HTML, since it has no URL."""
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"data:{content_type};base64,{base64.b64encode(handle.read()).decode('ascii')}"
