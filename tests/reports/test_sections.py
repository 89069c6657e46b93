"""Sectioned PDFs: joined with continuous numbers, contents, bookmarks; rendered on a pool."""

from __future__ import annotations

import io
import threading

import pytest
from pypdf import PdfReader

from reports import parallel
from reports.engine.sections import InlineExecutor, SectionFailed, render_sectioned
from tests.reports.sectioned_book import Book


def render(book: Book, executor=None) -> tuple[bytes, object]:
    out = io.BytesIO()
    result = render_sectioned(book, out, executor=executor or InlineExecutor())
    return out.getvalue(), result


def printed_number(page) -> str:
    """The stamped page number is the last text drawn on a page."""
    return page.extract_text().strip().splitlines()[-1].strip()


@pytest.fixture(scope="module")
def book_pdf():
    return render(Book(chapters=5, paragraphs=7))


def test_every_chapter_starts_on_the_page_its_contents_entry_names(book_pdf):
    data, result = book_pdf
    reader = PdfReader(io.BytesIO(data))
    contents = reader.pages[1].extract_text()
    assert len(reader.pages) == result.pages
    for number in range(1, 6):
        page_no = result.numbers[f"ch{number}"]
        assert f"Глава {number} {page_no}" in contents
        page = reader.pages[result.first_numbered + page_no - 1]
        assert page.extract_text().lstrip().startswith(f"Глава {number}\n") or (
            f"\nГлава {number}\nПроблема" in page.extract_text()
        )
        assert printed_number(page) == str(page_no)


def test_numbers_start_with_the_text_and_run_on_across_sections(book_pdf):
    data, result = book_pdf
    reader = PdfReader(io.BytesIO(data))
    assert result.first_numbered == 2  # the title page and the contents carry no number
    assert not printed_number(reader.pages[0]).isdigit()
    assert not printed_number(reader.pages[1]).isdigit()
    assert [printed_number(p) for p in reader.pages[2:]] == [
        str(n) for n in range(1, result.pages - 1)
    ]


def test_the_index_is_cited_in_the_contents_at_its_page(book_pdf):
    data, result = book_pdf
    reader = PdfReader(io.BytesIO(data))
    assert f"Указатель {result.pages - result.first_numbered}" in reader.pages[1].extract_text()
    assert reader.pages[-1].extract_text().startswith("Указатель")


def test_bookmarks_follow_the_headings_with_their_pages(book_pdf):
    data, result = book_pdf
    reader = PdfReader(io.BytesIO(data))
    outline = reader.outline
    top = [item for item in outline if not isinstance(item, list)]
    assert [item.title for item in top] == [
        "Содержание",
        *[f"Глава {n}" for n in range(1, 6)],
        "Указатель",
    ]
    for item in top[1:-1]:
        number = int(item.title.split()[-1])
        expected = result.first_numbered + result.numbers[f"ch{number}"] - 1
        assert reader.get_destination_page_number(item) == expected
    children = outline[2]
    assert isinstance(children, list)
    assert [child.title for child in children] == ["Проблема", "Результаты"]
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_fonts_are_embedded(book_pdf):
    data, _ = book_pdf
    reader = PdfReader(io.BytesIO(data))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    assert fonts and all(fonts.values())


def test_the_same_content_renders_to_the_same_bytes(book_pdf):
    data, _ = book_pdf
    again, _ = render(Book(chapters=5, paragraphs=7))
    assert again == data


def test_the_worker_pool_gives_the_same_pdf_as_one_process(settings, book_pdf):
    data, _ = book_pdf
    sent = []

    def dispatch(run, index):  # a worker that takes every other section
        sent.append(index)
        if index % 2:
            threading.Thread(target=parallel.claim_and_render, args=(run, index)).start()

    pooled, _ = render(
        Book(chapters=5, paragraphs=7), parallel.WorkerPoolExecutor(dispatch=dispatch)
    )
    assert pooled == data
    # The title page and five chapters, then the contents and the index.
    assert len(sent) == 8


def test_a_section_whose_worker_died_is_claimed_again(monkeypatch, book_pdf):
    data, _ = book_pdf
    monkeypatch.setattr(parallel, "SECTION_CLAIM_SECONDS", 1)
    from django.core.cache import cache

    def dispatch(run, index):
        if index == 2:
            # This worker takes the section and is killed before it renders: no heartbeat.
            cache.add(parallel._key(run, "claim", index), "dead-worker", 1)
            cache.add(parallel._key(run, "attempts", index), 0, 60)
            cache.incr(parallel._key(run, "attempts", index))

    pooled, _ = render(
        Book(chapters=5, paragraphs=7), parallel.WorkerPoolExecutor(dispatch=dispatch)
    )
    assert pooled == data


def test_a_section_that_kills_every_worker_fails_the_document_by_name(monkeypatch):
    monkeypatch.setattr(parallel, "SECTION_CLAIM_SECONDS", 1)
    monkeypatch.setattr(parallel, "SECTION_MAX_ATTEMPTS", 2)
    from django.core.cache import cache

    killer = {}

    def dispatch(run, index):
        if index == 1:
            killer["run"] = run

    real = parallel.claim_and_render

    def dying(run, index, *, in_task=True):
        # Every claim of section 1 ends with the process killed: the claim is taken and
        # counted, then left to expire.
        if index == 1:
            claim = parallel._key(run, "claim", index)
            if cache.add(claim, "doomed", 1):
                cache.add(parallel._key(run, "attempts", index), 0, 60)
                attempts = cache.incr(parallel._key(run, "attempts", index))
                if attempts > parallel.SECTION_MAX_ATTEMPTS:
                    return parallel._fail(run, index, "Раздел «Глава 2» не сформирован.")
            return "taken"
        return real(run, index, in_task=in_task)

    monkeypatch.setattr(parallel, "claim_and_render", dying)
    out = io.BytesIO()
    with pytest.raises(SectionFailed, match="Глава 2"):
        render_sectioned(
            Book(chapters=3, paragraphs=2),
            out,
            executor=parallel.WorkerPoolExecutor(dispatch=dispatch),
        )
    assert out.getvalue() == b""
    assert killer["run"]
    assert cache.get(parallel._key(killer["run"], "meta")) is None  # cleaned up


def test_a_section_that_raises_fails_with_its_title(monkeypatch):
    from reports.engine import sections

    real = sections.render_section

    def broken(section):
        if section.key == "chapter-2":
            raise ValueError("bad image")
        return real(section)

    monkeypatch.setattr(parallel, "render_section", broken)
    out = io.BytesIO()
    with pytest.raises(SectionFailed, match="Раздел «Глава 2» не удалось сформировать"):
        render_sectioned(
            Book(chapters=3, paragraphs=2),
            out,
            executor=parallel.WorkerPoolExecutor(dispatch=lambda run, index: None),
        )
    assert out.getvalue() == b""


def test_without_a_broker_the_orchestrator_renders_every_section(book_pdf):
    data, _ = book_pdf

    def broker_down(run, index):
        raise ConnectionError("Redis down")

    pooled, _ = render(
        Book(chapters=5, paragraphs=7), parallel.WorkerPoolExecutor(dispatch=broker_down)
    )
    assert pooled == data


def test_a_long_section_in_the_orchestrator_keeps_the_run_alive(monkeypatch, book_pdf):
    """A section the orchestrator renders itself may take longer than ALIVE_SECONDS (a long
    register on a busy machine): the run stays alive, so no section is dropped as abandoned
    and the document finishes instead of waiting for ever."""
    data, _ = book_pdf
    monkeypatch.setattr(parallel, "ALIVE_SECONDS", 0.6)
    real = parallel.render_section

    def slow(*args, **kwargs):
        import time

        time.sleep(1.0)
        return real(*args, **kwargs)

    monkeypatch.setattr(parallel, "render_section", slow)
    outcome = {}

    def run():
        outcome["pdf"], _ = render(
            Book(chapters=5, paragraphs=7),
            parallel.WorkerPoolExecutor(dispatch=lambda run, index: None),
        )

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive(), "the orchestrator waits for sections nobody will render"
    assert outcome["pdf"] == data
