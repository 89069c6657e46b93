"""Uploaded PDFs lose JavaScript, open and page actions, launch actions and embedded files."""

from __future__ import annotations

import io

import pikepdf
import pytest
from django.core.exceptions import ValidationError

from resursnaya_sreda.kernel.uploads import PDF, SCANS, check_upload
from tests.kernel import files


def hostile_pdf() -> bytes:
    pdf = pikepdf.open(io.BytesIO(files.pdf()))
    js = pdf.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('x')"))
    )
    pdf.Root.OpenAction = js
    pdf.Root.AA = pikepdf.Dictionary(WC=js)
    launch = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe"))
    pdf.pages[0].obj.AA = pikepdf.Dictionary(O=launch)
    pdf.pages[0].obj.Annots = pdf.make_indirect(
        pikepdf.Array(
            [
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name.Link,
                    Rect=[0, 0, 10, 10],
                    A=pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe")),
                ),
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name.FileAttachment,
                    Rect=[0, 0, 10, 10],
                ),
            ]
        )
    )
    embedded = pikepdf.Stream(pdf, b"MZ evil")
    embedded.Type = pikepdf.Name.EmbeddedFile
    pdf.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(Names=[pikepdf.String("a"), js]),
        EmbeddedFiles=pikepdf.Dictionary(
            Names=[
                pikepdf.String("evil.exe"),
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Filespec, F=pikepdf.String("evil.exe"), EF={"/F": embedded}
                ),
            ]
        ),
    )
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_a_pdf_with_javascript_and_actions_is_stored_without_them():
    checked = check_upload(files.upload("Скан.pdf", hostile_pdf()), kinds=SCANS)
    assert checked.kind == PDF
    assert checked.removed_active_content
    checked.seek(0)
    cleaned = pikepdf.open(io.BytesIO(checked.read()))
    assert "/OpenAction" not in cleaned.Root
    assert "/AA" not in cleaned.Root
    assert "/Names" not in cleaned.Root or "/JavaScript" not in cleaned.Root.Names
    assert "/EmbeddedFiles" not in cleaned.Root.get("/Names", {})
    page = cleaned.pages[0].obj
    assert "/AA" not in page
    assert all("/A" not in annot for annot in page.Annots)
    assert all(annot.Subtype != "/FileAttachment" for annot in page.Annots)
    for obj in cleaned.objects:
        if isinstance(obj, pikepdf.Dictionary):
            assert "/JS" not in obj
            assert obj.get("/S") not in ("/JavaScript", "/Launch")
    assert len(cleaned.pages) == 1


def test_a_plain_pdf_is_stored_as_uploaded():
    data = files.pdf()
    checked = check_upload(files.upload("Скан.pdf", data), kinds=SCANS)
    assert checked.removed_active_content == []
    checked.seek(0)
    assert checked.read() == data


MINIMAL = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\nstartxref\n0\n%%EOF\n"


def test_an_unparseable_pdf_with_active_content_is_refused_with_a_message():
    broken = MINIMAL.replace(b"<<>>endobj", b"<</S/JavaScript/JS(app.alert(1))>>endobj")
    with pytest.raises(ValidationError, match="сценарии или встроенные файлы"):
        check_upload(files.upload("Скан.pdf", broken), kinds=SCANS)


def test_an_unparseable_pdf_without_active_content_is_stored_as_uploaded():
    checked = check_upload(files.upload("Скан.pdf", MINIMAL), kinds=SCANS)
    assert checked.removed_active_content == []
