"""A corpus of good and bad files, generated in the tests (nothing big is committed).

Each function returns bytes; ``upload(name, data)`` wraps them as Django receives a file.
"""

from __future__ import annotations

import io
import time
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from PIL import Image, ImageDraw

MB = 1024 * 1024


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    """A file as the browser sent it; the content type is the browser's claim, not checked."""
    return SimpleUploadedFile(name, data, content_type=content_type)


def sparse_upload(name: str, size: int, head: bytes = b"\xff\xd8\xff\xe0") -> TemporaryUploadedFile:
    """A large upload on disk without writing its bytes: a sparse temporary file."""
    file = TemporaryUploadedFile(name, "image/jpeg", size, "utf-8")
    file.write(head)
    file.file.truncate(size)
    file.seek(0)
    return file


# --- Images -------------------------------------------------------------------------------
def picture(size=(320, 200), mode="RGB") -> Image.Image:
    image = Image.new(mode, size, (30, 90, 160) if mode == "RGB" else None)
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, size[0] // 2, size[1] // 2), fill=(250, 200, 40))
    return image


def jpeg(size=(320, 200), *, gps: bool = False, orientation: int | None = None) -> bytes:
    image = picture(size)
    exif = Image.Exif()
    if gps:
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x8825] = {  # GPSInfo: somewhere in Kazan
            1: "N",
            2: (55.0, 47.0, 24.0),
            3: "E",
            4: (49.0, 6.0, 52.0),
        }
    if orientation:
        exif[0x0112] = orientation
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif.tobytes() if (gps or orientation) else b"")
    return buffer.getvalue()


def noisy_jpeg(size=(400, 300)) -> bytes:
    """Random pixels so the compressed scan data fills the file (truncation hits pixels)."""
    pixels = bytes((i * 7919) % 251 for i in range(size[0] * size[1] * 3))
    image = Image.frombytes("RGB", size, pixels)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def png(size=(300, 200), mode="RGBA") -> bytes:
    image = picture(size, "RGB").convert(mode)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def webp(size=(300, 200)) -> bytes:
    buffer = io.BytesIO()
    picture(size).save(buffer, "WEBP", quality=80)
    return buffer.getvalue()


def gif() -> bytes:
    buffer = io.BytesIO()
    picture((50, 50)).save(buffer, "GIF")
    return buffer.getvalue()


def bomb_png(side: int = 12000) -> bytes:
    """A small PNG that declares ``side``×``side`` pixels (one bit each, all black)."""
    buffer = io.BytesIO()
    Image.new("1", (side, side)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG_WITH_SCRIPT = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert(document.domain)</script><rect width="10" height="10"/></svg>'
)
EPS = (
    b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\n"
    b"newpath 10 10 moveto 90 90 lineto stroke\nshowpage\n%%EOF\n"
)
TEXT_AS_PDF = "Это не PDF, а просто текст с расширением .pdf\n".encode()


# --- PDF ----------------------------------------------------------------------------------
def pdf() -> bytes:
    buffer = io.BytesIO()
    # Fixed dates: Pillow writes the current second otherwise, and two calls could differ.
    fixed = time.strptime("2020-03-01", "%Y-%m-%d")
    picture((200, 100)).save(buffer, "PDF", creationDate=fixed, modDate=fixed)
    return buffer.getvalue()


# --- Office documents ---------------------------------------------------------------------
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def _content_types(overrides: dict[str, str]) -> str:
    parts = "".join(
        f'<Override PartName="/{name}" ContentType="{ctype}"/>' for name, ctype in overrides.items()
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{CT_NS}">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{parts}</Types>"
    )


RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
DOCUMENT_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Анкета лучшей практики</w:t></w:r></w:p></w:body></w:document>"
)


def docx(extra: dict[str, bytes] | None = None, *, extra_count: int = 0) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _content_types({"word/document.xml": DOCX_MAIN}))
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", DOCUMENT_XML)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
        for number in range(extra_count):
            archive.writestr(f"word/media/part{number}.xml", b"")
    return buffer.getvalue()


def docx_bomb(unpacked: int = 260 * MB) -> bytes:
    """A valid DOCX carrying a part of zeros that unpacks to ``unpacked`` bytes (~0.3 MB zipped)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _content_types({"word/document.xml": DOCX_MAIN}))
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", DOCUMENT_XML)
        chunk = b"\0" * MB
        with archive.open("word/media/image1.bin", "w", force_zip64=True) as entry:
            for _ in range(unpacked // MB):
                entry.write(chunk)
    return buffer.getvalue()


def xlsm_as_xlsx() -> bytes:
    """A macro-enabled workbook: the macro content type and xl/vbaProject.bin."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _content_types({"xl/workbook.xml": XLSM_MAIN}))
        archive.writestr("_rels/.rels", RELS.replace("word/document.xml", "xl/workbook.xml"))
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\0" * 512)
    return buffer.getvalue()


def xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "Участник"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("readme.txt", "архив с файлами")
    return buffer.getvalue()
