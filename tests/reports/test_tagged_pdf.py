"""Every PDF is tagged (PDF/UA-1): a structure tree, «marked», the title shown by viewers, the
author, creator and language set — for a one-piece document and for a joined sectioned one."""

from __future__ import annotations

import io

import pikepdf
import pytest

from reports.engine import Format, SectionedDocument, registry
from reports.engine.render import render_document
from reports.engine.sections import InlineExecutor, render_sectioned
from tests.reports.sectioned_book import Book

pytestmark = pytest.mark.django_db

AUTHOR = "АНО «Ресурсный центр в сфере национальных отношений»"


def _struct_kinds(element, seen=None) -> list[str]:
    """The structure types (H1, P, Table…) below an element, depth first."""
    seen = [] if seen is None else seen
    kids = element.get("/K")
    if kids is None:
        return seen
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            seen.append(str(kid.S).lstrip("/"))
            _struct_kinds(kid, seen)
    return seen


def assert_tagged(data: bytes, *, title: str) -> list[str]:
    pdf = pikepdf.open(io.BytesIO(data))
    root = pdf.Root
    assert "/StructTreeRoot" in root
    assert bool(root.MarkInfo.Marked) is True
    assert bool(root.ViewerPreferences.DisplayDocTitle) is True
    assert str(root.Lang) == "ru"
    assert str(pdf.docinfo.Title) == title
    assert str(pdf.docinfo.Author) == AUTHOR
    assert "Ресурсная среда" in str(pdf.docinfo.Creator)
    assert pdf.open_metadata()["pdfuaid:part"] == "1"
    tree = root.StructTreeRoot
    kinds = _struct_kinds(tree)
    assert kinds[0] == "Document"
    # Every page's content is reached from the parent tree.
    pages = {page.obj.objgen for page in pdf.pages}
    nums = list(tree.ParentTree.Nums)
    keys = [int(k) for k in nums[::2]]
    for page in pdf.pages:
        assert int(page.obj.StructParents) in keys
    # Elements point at pages of this very file (not at a section's own copy).
    for key, value in zip(nums[::2], nums[1::2], strict=True):
        elements = list(value) if isinstance(value, pikepdf.Array) else [value]
        for element in elements:
            if "/Pg" in element:
                assert element.Pg.objgen in pages, key
    return kinds


def test_the_passport_is_a_tagged_pdf_with_title_author_and_language(full_programme):
    kind = registry.get("programme-passport")
    form = kind.get_form({"programme": full_programme.pk}, user=None)
    assert form.is_valid(), form.errors
    document = kind(form.cleaned_data, user=None)
    output = io.BytesIO()
    render_document(document, "pdf", output)
    kinds = assert_tagged(output.getvalue(), title=document.get_title())
    assert "H1" in kinds
    assert "Table" in kinds and "TH" in kinds


def test_a_joined_sectioned_pdf_keeps_one_structure_tree_in_reading_order():
    book = Book(chapters=3, paragraphs=2)
    output = io.BytesIO()
    render_sectioned(book, output, executor=InlineExecutor())
    kinds = assert_tagged(output.getvalue(), title=book.get_title())
    assert kinds.count("Document") == 1
    with pikepdf.open(io.BytesIO(output.getvalue())) as joined:
        xmp = joined.open_metadata()
        assert xmp["pdfuaid:part"] == "1"
        assert xmp["dc:title"] == book.get_title()
    headings = [k for k in kinds if k == "H1"]
    assert len(headings) >= 3  # one per chapter, plus the contents' and the index's titles
    pdf = pikepdf.open(io.BytesIO(output.getvalue()))
    # The stamped page numbers are artifacts, not text read between paragraphs.
    last = pdf.pages[-1]
    stream = b"".join(
        s.read_bytes()
        for s in (last.Contents if isinstance(last.Contents, pikepdf.Array) else [last.Contents])
    )
    assert b"/Artifact BMC" in stream


def test_every_pdf_kind_goes_through_the_tagging_engine():
    """No kind writes its PDF by itself: each is either sectioned or laid out from a template
    by ``render_pdf`` — both tag the PDF and set its metadata."""
    for kind in registry:
        if Format.PDF not in kind.formats:
            continue
        assert issubclass(kind, SectionedDocument) or kind.template_name, kind.identifier
        assert "render" not in vars(kind) and "write_pdf" not in vars(kind), kind.identifier
