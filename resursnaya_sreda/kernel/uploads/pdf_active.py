"""Active content in uploaded PDFs is removed before the file is stored (pikepdf).

A PDF may carry JavaScript, actions run on opening a document or a page (``/OpenAction``,
``/AA``), launch actions that start programs, form submissions and embedded files. None of it is
needed in a scan or a report, so it is taken out and the cleaned file is stored instead; what
was removed is logged and returned, so the form can say so. We sanitise rather than refuse: a
scanner or an office suite adds such entries without the person knowing, and refusing would
stop honest work. A PDF that pikepdf cannot parse (but that passed the structural check) is
stored as uploaded only when its bytes name none of those features; otherwise it is refused,
and so is a PDF locked with a password (its content cannot be checked).
"""

from __future__ import annotations

import io
import logging
from typing import IO

import pikepdf
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

_DANGEROUS_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/SubmitForm",
    "/ImportData",
    "/ResetForm",
    "/GoToE",
    "/GoToR",
    "/Rendition",
    "/Sound",
    "/Movie",
    "/RichMediaExecute",
}


#: Names that only active content uses; an unparseable PDF containing any is refused.
_ACTIVE_TOKENS = (
    b"/JavaScript",
    b"/JS",
    b"/OpenAction",
    b"/AA",
    b"/Launch",
    b"/EmbeddedFile",
    b"/SubmitForm",
    b"/ImportData",
    b"/RichMedia",
    b"/XFA",
)


def _unreadable() -> ValidationError:
    return ValidationError(
        _(
            "Документ PDF повреждён или защищён паролем, и в нём есть сценарии или встроенные "
            "файлы, которые не удалось проверить. Сохраните его заново (без пароля, например "
            "«Печать в PDF») и загрузите ещё раз."
        ),
        code="pdf_unreadable",
    )


def sanitise_pdf(handle: IO[bytes]) -> tuple[bytes | None, list[str]]:
    """Cleaned bytes and the list of what was removed, or ``(None, [])`` when nothing was."""
    handle.seek(0)
    data = handle.read()
    handle.seek(0)
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as exc:
        raise _unreadable() from exc
    except (pikepdf.PdfError, ValueError) as exc:
        if any(token in data for token in _ACTIVE_TOKENS):
            raise _unreadable() from exc
        return None, []
    removed: list[str] = []
    with pdf:
        root = pdf.Root
        for key in ("/OpenAction", "/AA"):
            if key in root:
                del root[key]
                removed.append(f"каталог {key}")
        names = root.get("/Names")
        if isinstance(names, pikepdf.Dictionary):
            for key in ("/JavaScript", "/EmbeddedFiles"):
                if key in names:
                    del names[key]
                    removed.append(f"имена {key}")
        acroform = root.get("/AcroForm")
        if isinstance(acroform, pikepdf.Dictionary) and "/XFA" in acroform:
            del acroform["/XFA"]
            removed.append("форма XFA")
        for number, page in enumerate(pdf.pages, start=1):
            page_obj = page.obj
            if "/AA" in page_obj:
                del page_obj["/AA"]
                removed.append(f"стр. {number} /AA")
            annots = page_obj.get("/Annots")
            if not isinstance(annots, pikepdf.Array):
                continue
            keep = []
            for annot in annots:
                if not isinstance(annot, pikepdf.Dictionary):
                    keep.append(annot)
                    continue
                if annot.get("/Subtype") in ("/FileAttachment", "/RichMedia", "/Screen"):
                    removed.append(f"стр. {number} вложение {annot.get('/Subtype')}")
                    continue
                if "/AA" in annot:
                    del annot["/AA"]
                    removed.append(f"стр. {number} действие поля")
                action = annot.get("/A")
                if isinstance(action, pikepdf.Dictionary) and str(action.get("/S")) in (
                    _DANGEROUS_ACTIONS
                ):
                    del annot["/A"]
                    removed.append(f"стр. {number} действие {action.get('/S')}")
                keep.append(annot)
            if len(keep) != len(annots):
                page_obj["/Annots"] = pikepdf.Array(keep)
        # Whatever still names JavaScript or a program to launch, wherever it hangs.
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Dictionary):
                continue
            if "/JS" in obj:
                del obj["/JS"]
                removed.append("сценарий /JS")
            if str(obj.get("/S")) in _DANGEROUS_ACTIONS:
                obj["/S"] = pikepdf.Name("/GoTo")
                obj["/D"] = pikepdf.Array([])
                for key in ("/F", "/Win", "/Unix", "/Mac", "/Next"):
                    if key in obj:
                        del obj[key]
                removed.append("действие")
            if obj.get("/Type") == "/EmbeddedFile" or obj.get("/Type") == "/Filespec":
                for key in ("/EF", "/RF"):
                    if key in obj:
                        del obj[key]
                        removed.append("встроенный файл")
        if not removed:
            return None, []
        out = io.BytesIO()
        pdf.save(out)
    logger.warning("uploads: active content removed from a PDF: %s", ", ".join(removed))
    return out.getvalue(), removed
