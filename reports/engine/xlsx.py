"""Excel through openpyxl's write-only mode: rows stream to disk, memory stays flat."""

from __future__ import annotations

import datetime
import decimal
import itertools
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

from reports.engine.base import Column, Progress, Sheet, _no_progress

DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
#: Excel's limit on a sheet's title; longer ones are cut.
SHEET_TITLE_MAX = 31
_SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
_ERROR_CODES = frozenset(ERROR_CODES)
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
HEADER_ALIGNMENT = Alignment(vertical="top", wrap_text=True)


#: Rows looked at to size the columns before the sheet streams (write-only sheets fix their
#: column widths before the first row).
WIDTH_SAMPLE_ROWS = 500
MIN_WIDTH, MAX_WIDTH = 6, 60
#: Wider than this (in characters) prints landscape; A4 portrait holds about 95 at 100 %.
PORTRAIT_MAX_WIDTH = 95
_FIXED_WIDTHS = {"date": 10, "datetime": 16}


@dataclass
class XlsxResult:
    rows: int
    sheets: list[str] = field(default_factory=list)


def _sheet_title(title: str, used: set[str]) -> str:
    base = (title.translate(_SHEET_TITLE_FORBIDDEN).strip() or "Лист")[:SHEET_TITLE_MAX]
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate = base[: SHEET_TITLE_MAX - len(suffix)] + suffix
        n += 1
    used.add(candidate.lower())
    return candidate


class _CellWriter:
    """Turns a row of Python values into what openpyxl writes, by the columns' kinds.

    The engine's work per cell must stay a small fraction of openpyxl's own (the goal is
    1.05× raw openpyxl), so the common case costs no function call per cell: a value already
    of its column's type passes as it is, the row's text values are checked for control
    characters in one regular-expression search, and only what would be misread takes the
    slow path — text beginning with ``=`` (a formula), an error code such as ``#N/A``, a
    control character, a number given as text. Date columns reuse one styled cell each and
    get the Excel serial number computed here: write-only rows are serialised as they are
    appended, so the cell is free again for the next row, and openpyxl neither looks the
    style up nor re-checks the date format once per value.
    """

    def __init__(self, worksheet: Any, columns: Iterable[Column]) -> None:
        self.ws = worksheet
        kinds = [column.kind for column in columns]
        self.width = len(kinds)
        self.ints = [i for i, kind in enumerate(kinds) if kind == "int"]
        self.numbers = [i for i, kind in enumerate(kinds) if kind == "decimal"]
        self.texts = [i for i, kind in enumerate(kinds) if kind == "text"]
        self.dates = [
            (i, self._date_converter(kind))
            for i, kind in enumerate(kinds)
            if kind in ("date", "datetime")
        ]
        self.converters = [self._converter(kind) for kind in kinds]

    def _converter(self, kind: str):
        if kind == "text":
            return self.text
        if kind == "int":
            return _integer
        if kind == "decimal":
            return _number
        return self._date_converter(kind)

    def _date_converter(self, kind: str):
        cell = WriteOnlyCell(self.ws)
        cell.number_format = DATE_FORMAT if kind == "date" else DATETIME_FORMAT
        epoch = self.ws.parent.epoch

        def date(value: Any) -> Any:
            if value is None:
                return None
            if isinstance(value, datetime.datetime):
                if value.tzinfo is not None:
                    # Excel has no time zones: write the portal's local time.
                    value = timezone.make_naive(value)
                cell.value = to_excel(value, epoch)
            elif isinstance(value, datetime.date):
                cell.value = to_excel(value, epoch)
            else:
                cell.value = value
            return cell

        return date

    def text(self, value: Any) -> Any:
        if value is None:
            return None
        text = value if value.__class__ is str else str(value)
        if not text:
            return None
        if ILLEGAL_CHARACTERS_RE.search(text):
            text = ILLEGAL_CHARACTERS_RE.sub("", text)
        first = text[0]
        if first == "=" or (first == "#" and text in _ERROR_CODES):
            cell = WriteOnlyCell(self.ws, value=text)
            # openpyxl takes a str starting with "=" for a formula; user text never is one.
            cell.data_type = "s"
            return cell
        return text

    def row(self, values: Iterable[Any]) -> list[Any]:
        out = list(values)
        if len(out) != self.width:
            return self._row_slowly(out)
        for i in self.ints:
            value = out[i]
            if value.__class__ is not int:
                out[i] = _integer(value)
        for i in self.numbers:
            value = out[i]
            if value.__class__ not in _NUMBER_CLASSES:
                out[i] = _number(value)
        plain = []
        for i in self.texts:
            value = out[i]
            # "" is in every string, so empty text takes the slow path too (written as empty).
            if value.__class__ is str and value[:1] not in "=#":
                plain.append(value)
            else:
                out[i] = self.text(value)
        if plain and ILLEGAL_CHARACTERS_RE.search("".join(plain)):
            for i in self.texts:
                if out[i].__class__ is str:
                    out[i] = self.text(out[i])
        for i, convert in self.dates:
            out[i] = convert(out[i])
        return out

    def _row_slowly(self, values: list[Any]) -> list[Any]:
        """A row shorter or longer than the columns: extra values are dropped."""
        return [convert(value) for convert, value in zip(self.converters, values, strict=False)]


_NUMBER_CLASSES = frozenset({int, float, decimal.Decimal})


def _integer(value: Any) -> Any:
    if value is None or value.__class__ is int:
        return value
    return None if value == "" else int(value)


def _number(value: Any) -> Any:
    if value is None or isinstance(value, int | float | decimal.Decimal):
        return value
    return None if value == "" else decimal.Decimal(str(value))


def _shown_length(value: Any) -> int:
    """How many characters a value takes in its cell (the longest line of a multi-line one)."""
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    text = value if value.__class__ is str else str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def column_widths(columns: Sequence[Column], sample: Sequence[Sequence[Any]]) -> list[float]:
    """Widths from the values: wide enough for the longest value seen in the sample and for the
    longest word of the (wrapped) header, within 6–60 characters; the declared width when the
    sheet has no rows."""
    widths = []
    for index, column in enumerate(columns):
        words = str(column.title).split() or [""]
        header = max(max(len(word) for word in words), min(len(str(column.title)), 24))
        if not sample:
            widths.append(max(float(column.width), header + 2))
            continue
        fixed = _FIXED_WIDTHS.get(column.kind)
        values = fixed or max(
            (_shown_length(row[index]) for row in sample if index < len(row)), default=0
        )
        widths.append(float(min(MAX_WIDTH, max(MIN_WIDTH, header, values) + 2)))
    return widths


def _escape_header(text: str) -> str:
    """Text for Excel's page header, where «&» starts a code."""
    return text.replace("&", "&&")


def setup_printing(ws: Any, title: str, widths: Sequence[float]) -> None:
    """Print a sheet sensibly: A4, landscape when wide, fitted to one page's width (as many
    pages down as needed), the header row on every page, the title above, page numbers below."""
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.orientation = "landscape" if sum(widths) > PORTRAIT_MAX_WIDTH else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True
    ws.oddHeader.center.text = _escape_header(title)
    ws.oddHeader.center.size = 11
    ws.oddFooter.center.text = "Страница &P из &N"
    ws.oddFooter.center.size = 9


def write_workbook(
    sheets: Iterable[Sheet], target: IO[bytes] | str, *, progress: Progress = _no_progress
) -> XlsxResult:
    """Write every sheet: bold frozen header, column widths from the values, an autofilter,
    typed cells, and a print setup (see :func:`setup_printing`)."""
    workbook = Workbook(write_only=True)
    result = XlsxResult(rows=0)
    used: set[str] = set()
    last_report = time.monotonic()
    for sheet in sheets:
        ws = workbook.create_sheet(_sheet_title(sheet.title, used))
        result.sheets.append(ws.title)
        rows = iter(sheet.rows)
        sample = [list(row) for row in itertools.islice(rows, WIDTH_SAMPLE_ROWS)]
        widths = column_widths(sheet.columns, sample)
        for index, width in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(index)].width = width
        setup_printing(ws, str(sheet.extra.get("print_title") or sheet.title), widths)
        ws.freeze_panes = "A2"
        header = []
        for column in sheet.columns:
            cell = WriteOnlyCell(ws, value=str(column.title))
            cell.data_type = "s"
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.alignment = HEADER_ALIGNMENT
            header.append(cell)
        ws.append(header)
        writer = _CellWriter(ws, sheet.columns)
        written = 0
        for values in itertools.chain(sample, rows):
            ws.append(writer.row(values))
            written += 1
            if sheet.row_count and not written % 2000 and time.monotonic() - last_report > 1:
                last_report = time.monotonic()
                progress(min(0.95, written / sheet.row_count))
        last_column = get_column_letter(max(len(sheet.columns), 1))
        ws.auto_filter.ref = f"A1:{last_column}{written + 1}"
        result.rows += written
    if not result.sheets:
        # A workbook needs a sheet; an empty document still opens.
        workbook.create_sheet("Пусто")
    workbook.save(target)
    progress(1.0)
    return result
