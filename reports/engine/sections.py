"""Long PDFs made of sections: each section rendered on its own (on the worker pool when there
is one), then joined with continuous page numbers, a table of contents and bookmarks.

A :class:`SectionedDocument` gives its parts, each a whole HTML document: the *opening* (a
title page: unnumbered, needs no page numbers), the *body* (chapters, numbered from 1), and,
once the body is laid out, the *front matter* (the contents, unnumbered, placed after the
opening) and the *back matter* (the index, numbered on from the body). The engine:

1. renders the opening and the body sections all at once, through the current executor;
2. computes where every anchor of the body lands, then renders the front and the back matter
   with the real page numbers, the two at once (the body's numbers do not depend on the
   front matter's length, as in any book whose numbering starts with the text);
3. joins opening + front + body + back with pikepdf, prints the page number on every numbered
   page (the digits are glyphs of the document's own font, embedded), builds the outline (PDF
   bookmarks) from the headings of every part and writes a file whose bytes depend only on the
   content.

Nothing reaches the target until every part is there and the page count adds up: a failed or
interrupted section raises :class:`SectionFailed` and no half-joined PDF is ever written.

Executors decide where sections render. :class:`InlineExecutor` renders them one after another
in this process (commands, tests, the embedded default without Redis). The portal's worker pool
(``reports/parallel.py``) installs its own with :func:`use_executor` from ``AppConfig.ready()``;
the engine imports no app and knows nothing of Celery.
"""

from __future__ import annotations

import io
import os
import resource
import socket
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import IO, Any, ClassVar, Protocol

import pikepdf
from django.contrib.staticfiles import finders
from weasyprint import HTML

from reports.engine.base import Document, Format, Progress, _no_progress
from reports.engine.fetcher import BASE_URL, PortalURLFetcher
from reports.engine.pdf import GENERATOR, PDF_OPTIONS, describe

MM = 72 / 25.4  # PDF points per millimetre
CSS_PX = 0.75  # PDF points per CSS pixel (WeasyPrint reports positions in CSS pixels)
PAGE_SIZES_MM = {"A4": (210.0, 297.0), "A5": (148.0, 210.0)}


class SectionFailed(Exception):
    """A section could not be rendered; ``message`` says which one and why, in Russian."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Section:
    """One part of a long document: a whole HTML document rendered on its own.

    ``key`` is stable within the document (``chapter-12``); ``title`` names the section in
    messages (a failed section is reported by its title).
    """

    key: str
    title: str
    html: str


@dataclass
class SectionResult:
    """A rendered section: its PDF and where its anchors and headings fell (0-based pages)."""

    key: str
    pdf: bytes
    pages: int
    anchors: dict[str, int] = field(default_factory=dict)
    #: (level, label, page index, top in PDF points from the page's bottom)
    bookmarks: list[tuple[int, str, int, float]] = field(default_factory=list)
    peak_rss_kb: int = 0
    worker: str = ""

    def layout(self) -> dict[str, Any]:
        """Everything but the PDF, as JSON (what a worker hands back beside the file)."""
        data = asdict(self)
        data.pop("pdf")
        return data

    @classmethod
    def from_layout(cls, layout: Mapping[str, Any], pdf: bytes) -> SectionResult:
        return cls(
            key=layout["key"],
            pdf=pdf,
            pages=int(layout["pages"]),
            anchors={str(k): int(v) for k, v in layout.get("anchors", {}).items()},
            bookmarks=[
                (int(level), str(label), int(page), float(top))
                for level, label, page, top in layout.get("bookmarks", [])
            ],
            peak_rss_kb=int(layout.get("peak_rss_kb", 0)),
            worker=str(layout.get("worker", "")),
        )


def render_section(section: Section) -> SectionResult:
    """Lay out one section and write its PDF (resources only through the portal's fetcher)."""
    fetcher = PortalURLFetcher()
    html = HTML(string=section.html, base_url=BASE_URL, url_fetcher=fetcher)
    document = html.render(**PDF_OPTIONS)
    describe(document)
    document.metadata.attachments = []
    anchors: dict[str, int] = {}
    bookmarks: list[tuple[int, str, int, float]] = []
    for index, page in enumerate(document.pages):
        page.links = [link for link in page.links if link[0] != "attachment"]
        for name in page.anchors:
            anchors.setdefault(name, index)
        height_pt = page.height * CSS_PX
        for level, label, (_x, y), _state in page.bookmarks:
            bookmarks.append((level, label, index, round(height_pt - y * CSS_PX, 2)))
    target = io.BytesIO()
    document.write_pdf(target, attachments=None, **PDF_OPTIONS)
    if not document.pages:
        raise SectionFailed(f"Раздел «{section.title}» получился пустым.")
    return SectionResult(
        key=section.key,
        pdf=target.getvalue(),
        pages=len(document.pages),
        anchors=anchors,
        bookmarks=bookmarks,
        peak_rss_kb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        worker=f"{socket.gethostname()}:{os.getpid()}",
    )


# --- Executors -------------------------------------------------------------------------------


class SectionExecutor(Protocol):
    """Renders sections somewhere and returns their results in the order given."""

    def map(self, sections: Sequence[Section], *, progress: Progress) -> list[SectionResult]: ...


class InlineExecutor:
    """One section after another, in this process."""

    def map(
        self, sections: Sequence[Section], *, progress: Progress = _no_progress
    ) -> list[SectionResult]:
        results = []
        for done, section in enumerate(sections, 1):
            results.append(render_section(section))
            progress(done / len(sections))
        return results


_executor_factory: Callable[[], SectionExecutor] = InlineExecutor


def use_executor(factory: Callable[[], SectionExecutor]) -> None:
    """Install where sections render (the worker pool installs itself on start-up)."""
    global _executor_factory
    _executor_factory = factory


def current_executor() -> SectionExecutor:
    return _executor_factory()


# --- Page numbers for the table of contents and the index ------------------------------------


class PageNumbers(Mapping[str, str]):
    """Printed page numbers of the body's anchors, for the front and back matter's templates
    (``numbers["chapter-12"]``); an anchor the body does not have reads as a dash."""

    def __init__(self, numbers: Mapping[str, int]) -> None:
        self._numbers = dict(numbers)

    def __getitem__(self, anchor: str) -> str:
        number = self._numbers.get(anchor)
        return str(number) if number is not None else "—"

    def __iter__(self) -> Iterator[str]:
        return iter(self._numbers)

    def __len__(self) -> int:
        return len(self._numbers)

    def number(self, anchor: str) -> int | None:
        return self._numbers.get(anchor)


@dataclass(frozen=True)
class PageGeometry:
    """Where the engine prints page numbers: the document's page size and its number font."""

    size: str = "A4"
    font: str = "fonts/DejaVuSerif.ttf"  # a static file
    font_size_pt: float = 9.0
    bottom_mm: float = 9.0  # the number's baseline above the bottom edge
    outer_mm: float = 15.0  # from the outer edge: left on even pages, right on odd ones

    @property
    def width_pt(self) -> float:
        return PAGE_SIZES_MM[self.size][0] * MM

    @property
    def height_pt(self) -> float:
        return PAGE_SIZES_MM[self.size][1] * MM


class SectionedDocument(Document):
    """A long PDF rendered as sections and joined (see the module's docstring).

    Subclasses implement :meth:`get_sections`, usually :meth:`get_opening`,
    :meth:`get_front_matter` and :meth:`get_back_matter`, and :meth:`get_single_html` (the same
    content as one HTML document: the benchmark and the tests compare the two renders).
    """

    formats: ClassVar[tuple[Format, ...]] = (Format.PDF,)
    #: The anchor the front matter may cite for the back matter (its first page).
    back_matter_anchor: ClassVar[str] = "back-matter"

    def get_geometry(self) -> PageGeometry:
        return PageGeometry()

    def get_opening(self) -> list[Section]:
        """Unnumbered sections at the very start that need no page numbers (a title page)."""
        return []

    def get_sections(self, progress: Progress = _no_progress) -> list[Section]:
        """The body, numbered from 1."""
        raise NotImplementedError

    def get_front_matter(self, numbers: PageNumbers) -> Section | None:
        """Unnumbered, after the opening, laid out once the body's numbers are known."""
        return None

    def get_back_matter(self, numbers: PageNumbers) -> Section | None:
        """Numbered on from the body."""
        return None

    def get_single_html(self) -> str:
        raise NotImplementedError

    def get_metadata(self) -> dict[str, str]:
        """The PDF's document information (title, author); no dates, so rebuilds are equal."""
        from django.conf import settings

        from reports.engine.pdf import DEFAULT_AUTHOR

        return {
            "/Title": self.get_title(),
            "/Author": getattr(settings, "DOCUMENTS_AUTHOR", DEFAULT_AUTHOR),
            "/Creator": GENERATOR,
        }


@dataclass
class SectionedResult:
    pages: int
    parts: list[tuple[str, int, int]]  # (key, first page index, page count)
    numbers: dict[str, int]
    first_numbered: int  # index of the page printed «1»
    peak_rss_kb: list[int]


def render_sectioned(
    document: SectionedDocument,
    target: IO[bytes],
    *,
    executor: SectionExecutor | None = None,
    progress: Progress = _no_progress,
) -> SectionedResult:
    """Render ``document`` part by part and write the joined PDF to ``target``."""
    executor = executor or current_executor()
    opening = document.get_opening()
    body = document.get_sections(progress)
    if not body:
        raise SectionFailed("В документе нет ни одного раздела.")
    progress(0.05)

    def wave_progress(share: float, start: float, span: float) -> None:
        progress(start + span * share)

    results = executor.map([*opening, *body], progress=lambda s: wave_progress(s, 0.05, 0.8))
    opening_results, body_results = results[: len(opening)], results[len(opening) :]

    numbers: dict[str, int] = {}
    offset = 0
    for result in body_results:
        for anchor, index in result.anchors.items():
            numbers.setdefault(anchor, offset + index + 1)
        offset += result.pages
    numbers[document.back_matter_anchor] = offset + 1
    front = document.get_front_matter(PageNumbers(numbers))
    back = document.get_back_matter(PageNumbers(numbers))
    second = [part for part in (front, back) if part is not None]
    rendered = executor.map(second, progress=lambda s: wave_progress(s, 0.85, 0.07))
    front_results = rendered[:1] if front is not None else []
    back_results = rendered[-1:] if back is not None else []

    unnumbered = [*opening_results, *front_results]
    parts = [*unnumbered, *body_results, *back_results]
    first_numbered = sum(part.pages for part in unnumbered)
    progress(0.93)
    pages = _join(document, parts, target, first_numbered=first_numbered)
    expected = sum(part.pages for part in parts)
    if pages != expected:
        raise SectionFailed(f"Собранный документ неполон: {pages} стр. вместо {expected}.")
    progress(1.0)
    layout, start = [], 0
    for part in parts:
        layout.append((part.key, start, part.pages))
        start += part.pages
    return SectionedResult(
        pages=pages,
        parts=layout,
        numbers=numbers,
        first_numbered=first_numbered,
        peak_rss_kb=[part.peak_rss_kb for part in parts],
    )


# --- Joining ---------------------------------------------------------------------------------


def _join(
    document: SectionedDocument,
    parts: Sequence[SectionResult],
    target: IO[bytes],
    *,
    first_numbered: int,
) -> int:
    geometry = document.get_geometry()
    pdf = pikepdf.new()
    sources = []
    outline_items: list[tuple[int, str, int, float]] = []
    offset = 0
    for part in parts:
        try:
            source = pikepdf.open(io.BytesIO(part.pdf))
        except pikepdf.PdfError as exc:
            raise SectionFailed(f"Раздел «{part.key}» повреждён: {exc}") from exc
        if len(source.pages) != part.pages:
            raise SectionFailed(f"В разделе «{part.key}» не хватает страниц.")
        sources.append(source)
        pdf.pages.extend(source.pages)
        outline_items.extend(
            (level, label, offset + page, top) for level, label, page, top in part.bookmarks
        )
        offset += part.pages
    _join_structure(pdf, sources)
    _stamp_numbers(pdf, geometry, first=first_numbered)
    _outline(pdf, outline_items)
    info = pdf.docinfo
    for key, value in document.get_metadata().items():
        info[key] = value
    pdf.Root.PageMode = pikepdf.Name.UseOutlines
    pdf.Root.Lang = pikepdf.String("ru")
    pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    # The PDF/UA identification and the same title and author in XMP (no dates: equal rebuilds).
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        metadata = document.get_metadata()
        xmp["dc:title"] = metadata["/Title"]
        if metadata.get("/Author"):
            xmp["dc:creator"] = [metadata["/Author"]]
        xmp["dc:language"] = ["ru"]
        xmp["pdfuaid:part"] = "1"
    pdf.save(
        target,
        deterministic_id=True,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )
    count = len(pdf.pages)
    for source in sources:
        source.close()
    return count


def _join_structure(pdf: pikepdf.Pdf, sources: Sequence[pikepdf.Pdf]) -> None:
    """One structure tree for the joined PDF: the sections' elements in order under one
    Document element, and one parent tree whose keys follow on from section to section.

    The sections' pages were copied before, so the copied elements point at the joined pages.
    """
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    document = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, P=root)
    )
    kids = pikepdf.Array()
    nums = pikepdf.Array()
    role_map = pikepdf.Dictionary()
    next_key = 0
    page_index = 0
    for source in sources:
        count = len(source.pages)
        tree = source.Root.get("/StructTreeRoot")
        if tree is None:
            page_index += count
            continue
        tree = pdf.copy_foreign(tree)
        for name, value in tree.get("/RoleMap", pikepdf.Dictionary()).items():
            role_map[name] = value
        top = tree.get("/K")
        top = list(top) if isinstance(top, pikepdf.Array) else [top] if top is not None else []
        for element in top:
            inner = element.get("/K") if element.get("/S") == pikepdf.Name.Document else None
            children = (
                [element]
                if inner is None
                else list(inner)
                if isinstance(inner, pikepdf.Array)
                else [inner]
            )
            for child in children:
                if isinstance(child, pikepdf.Dictionary):
                    child.P = document
                kids.append(child)
        entries = (
            list(tree.ParentTree.get("/Nums", pikepdf.Array())) if "/ParentTree" in tree else []
        )
        top_key = -1
        for key, value in zip(entries[::2], entries[1::2], strict=True):
            nums.append(int(key) + next_key)
            nums.append(value)
            top_key = max(top_key, int(key))
        for page in pdf.pages[page_index : page_index + count]:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + next_key
            for annotation in page.obj.get("/Annots", pikepdf.Array()):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + next_key
        next_key += top_key + 1
        page_index += count
    if not kids:
        return
    document.K = kids
    root.K = pikepdf.Array([document])
    root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=nums))
    root.ParentTreeNextKey = next_key
    if role_map:
        root.RoleMap = role_map
    pdf.Root.StructTreeRoot = root


def _outline(pdf: pikepdf.Pdf, items: Sequence[tuple[int, str, int, float]]) -> None:
    """Bookmarks nested by heading level, each pointing at its heading's place."""
    with pdf.open_outline() as outline:
        stack: list[tuple[int, pikepdf.OutlineItem]] = []
        for level, label, page, top in items:
            item = pikepdf.OutlineItem(
                label, page, pikepdf.PageLocation.XYZ, left=0, top=top, zoom=0
            )
            while stack and stack[-1][0] >= level:
                stack.pop()
            (stack[-1][1].children if stack else outline.root).append(item)
            stack.append((level, item))


# --- Page numbers: glyphs of the document's font, stamped on the joined pages ----------------


@lru_cache(maxsize=8)
def _digit_font(geometry: PageGeometry) -> tuple[bytes, tuple[bytes, ...], tuple[float, ...]]:
    """A one-line PDF of the ten digits in the document's number font, the glyph code of each
    digit in that PDF's embedded font, and the digits' advances in points.

    WeasyPrint lays the digits out (so the font is subset and embedded as for any text, with
    its ToUnicode map); the stamp then writes numbers with that font as one run of text that
    any reader extracts. Cached per geometry.
    """
    from fontTools.ttLib import TTFont

    font_path = finders.find(geometry.font)
    if not font_path:
        raise SectionFailed(f"Нет шрифта {geometry.font} для номеров страниц.")
    font = TTFont(font_path, lazy=True)
    cmap = font.getBestCmap()
    scale = geometry.font_size_pt / font["head"].unitsPerEm
    advances = tuple(font["hmtx"][cmap[ord(str(d))]][0] * scale for d in range(10))
    font.close()
    html = f"""<!doctype html><html lang="ru"><head><meta charset="utf-8"><style>
      @font-face {{ font-family: "Number"; src: url("/static/{geometry.font}"); }}
      @page {{ size: A7; margin: 5mm; }}
      body {{ font-family: "Number"; font-size: 12pt; font-kerning: none; }}
    </style></head><body>0123456789</body></html>"""
    out = io.BytesIO()
    HTML(string=html, base_url=BASE_URL, url_fetcher=PortalURLFetcher()).write_pdf(out)
    sheet = pikepdf.open(io.BytesIO(out.getvalue()))
    shown = b""
    for operands, operator in pikepdf.parse_content_stream(sheet.pages[0]):
        if str(operator) == "Tj":
            shown += bytes(operands[0])
        elif str(operator) == "TJ":
            strings = [item for item in operands[0] if isinstance(item, pikepdf.String)]
            shown += b"".join(bytes(item) for item in strings)
    sheet.close()
    width = len(shown) // 10
    if width not in (1, 2) or len(shown) != 10 * width:
        raise SectionFailed("Не удалось подготовить шрифт для номеров страниц.")
    codes = tuple(shown[d * width : (d + 1) * width] for d in range(10))
    return out.getvalue(), codes, advances


def _stamp_numbers(pdf: pikepdf.Pdf, geometry: PageGeometry, *, first: int) -> None:
    """Print the numbers 1, 2, … on the pages from index ``first`` on, at the outer corner (odd
    numbers at the right, even at the left, as in a book), as text in the document's font."""
    sheet_bytes, codes, advances = _digit_font(geometry)
    sheet = pikepdf.open(io.BytesIO(sheet_bytes))
    font = pdf.copy_foreign(next(iter(sheet.pages[0].Resources.Font.values())))
    sheet.close()
    outer = geometry.outer_mm * MM
    baseline = geometry.bottom_mm * MM
    for index, page in enumerate(pdf.pages):
        if index < first:
            continue
        value = index - first + 1
        number = str(value)
        width = sum(advances[int(d)] for d in number)
        x = geometry.width_pt - outer - width if value % 2 else outer
        # A fixed name: pages of one section share their resources dictionary, and a random
        # name would make two renders of the same content differ.
        name = page.add_resource(font, pikepdf.Name.Font, name="/RsPageNumber")
        text = b"".join(codes[int(d)] for d in number).hex()
        # Page numbers are artifacts: not part of the text a screen reader reads in order.
        ops = (
            f"/Artifact BMC BT {name} {geometry.font_size_pt} Tf 1 0 0 1 {x:.3f} {baseline:.3f} Tm"
            f" <{text}> Tj ET EMC"
        )
        page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
        page.contents_add(pikepdf.Stream(pdf, ("Q\n" + ops + "\n").encode()))
