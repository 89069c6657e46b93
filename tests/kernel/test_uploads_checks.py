"""Uploads are judged by content: the bad-file corpus is refused with Russian messages."""

from __future__ import annotations

import io

import pytest
from django import forms
from django.core.exceptions import ValidationError
from PIL import Image

from resursnaya_sreda.kernel.uploads import (
    DOCUMENTS,
    IMAGES,
    MB,
    PDF,
    TEXT,
    CheckedUpload,
    PortalFileField,
    PortalImageField,
    check_upload,
    format_size,
)
from tests.kernel import files


def clean(field: forms.FileField, upload) -> CheckedUpload:
    return field.clean(upload)


def refusal(field: forms.FileField, upload) -> str:
    with pytest.raises(ValidationError) as caught:
        field.clean(upload)
    return " ".join(caught.value.messages)


# --- Good files ---------------------------------------------------------------------------
def test_a_valid_png_is_accepted_and_re_encoded_as_png():
    checked = clean(PortalImageField(), files.upload("схема.png", files.png()))
    assert checked.kind.code == "png"
    assert checked.content_type == "image/png"
    assert checked.display_name == "схема.png"
    assert Image.open(io.BytesIO(checked.read())).format == "PNG"


def test_a_valid_webp_is_accepted():
    checked = clean(PortalImageField(), files.upload("photo.webp", files.webp()))
    assert checked.kind.code == "webp"


def test_an_image_gets_a_jpeg_thumbnail_no_bigger_than_the_bound():
    checked = clean(PortalImageField(), files.upload("big.jpg", files.jpeg((2000, 1000))))
    thumbnail = Image.open(io.BytesIO(checked.thumbnail.read()))
    assert thumbnail.format == "JPEG"
    assert thumbnail.size == (640, 320)


def test_max_side_shrinks_a_large_photo():
    field = PortalImageField(max_side=800)
    checked = clean(field, files.upload("big.jpg", files.jpeg((2000, 1000))))
    assert (checked.width, checked.height) == (800, 400)


def test_a_valid_pdf_is_accepted_unchanged():
    data = files.pdf()
    checked = clean(PortalFileField(kinds=DOCUMENTS), files.upload("отчёт.pdf", data))
    assert checked.kind is PDF
    assert checked.size == len(data)
    assert checked.read() == data


def test_a_valid_docx_is_accepted():
    checked = clean(PortalFileField(kinds=DOCUMENTS), files.upload("анкета.docx", files.docx()))
    assert checked.kind.code == "docx"


def test_a_real_xlsx_from_openpyxl_is_accepted():
    checked = clean(PortalFileField(kinds=DOCUMENTS), files.upload("список.xlsx", files.xlsx()))
    assert checked.kind.code == "xlsx"


def test_an_odt_is_accepted():
    checked = clean(PortalFileField(kinds=DOCUMENTS), files.upload("письмо.odt", files.odt()))
    assert checked.kind.code == "odt"


def test_a_csv_is_accepted_where_text_is_allowed():
    data = "ФИО;Организация\nИванов;АНО\n".encode()
    checked = clean(PortalFileField(kinds=TEXT), files.upload("участники.csv", data))
    assert checked.kind.code == "csv"


def test_a_docx_named_pdf_is_recognised_as_docx_and_renamed():
    checked = clean(PortalFileField(kinds=DOCUMENTS), files.upload("анкета.pdf", files.docx()))
    assert checked.kind.code == "docx"
    assert checked.display_name == "анкета.docx"


# --- EXIF and GPS -------------------------------------------------------------------------
def test_gps_and_other_exif_are_removed_from_a_jpeg():
    original = files.jpeg(gps=True)
    assert 0x8825 in Image.open(io.BytesIO(original)).getexif()  # the corpus really has GPS
    checked = clean(PortalImageField(), files.upload("IMG_0001.jpg", original))
    data = checked.read()
    image = Image.open(io.BytesIO(data))
    assert 0x8825 not in image.getexif()
    assert len(image.getexif()) == 0
    assert b"Exif" not in data
    assert b"PhoneMaker" not in data


def test_exif_orientation_is_applied_before_it_is_dropped():
    # Orientation 6: the camera was turned, the picture must be rotated 90° to stand upright.
    checked = clean(
        PortalImageField(), files.upload("turned.jpg", files.jpeg((300, 200), orientation=6))
    )
    assert (checked.width, checked.height) == (200, 300)


# --- Bad files: wrong kind by content -----------------------------------------------------
def test_html_named_jpg_is_refused_as_not_an_image():
    message = refusal(PortalImageField(), files.upload("photo.jpg", files.HTML, "image/jpeg"))
    assert message == (
        "Файл не похож на изображение JPEG/PNG/WebP: по содержимому это HTML-страница."
    )


def test_svg_with_a_script_named_png_is_refused():
    message = refusal(
        PortalImageField(), files.upload("logo.png", files.SVG_WITH_SCRIPT, "image/png")
    )
    assert message.startswith("Файл не похож на изображение JPEG/PNG/WebP:")
    assert "SVG" in message


def test_svg_is_not_an_image_even_when_named_svg():
    message = refusal(
        PortalImageField(), files.upload("logo.svg", files.SVG_WITH_SCRIPT, "image/svg+xml")
    )
    assert "SVG" in message


def test_eps_named_jpg_is_refused():
    message = refusal(PortalImageField(), files.upload("poster.jpg", files.EPS, "image/jpeg"))
    assert "PostScript/EPS" in message


def test_a_gif_is_refused_with_what_it_is():
    message = refusal(PortalImageField(), files.upload("anim.jpg", files.gif()))
    assert "изображение GIF" in message


def test_a_pdf_that_is_really_text_is_refused():
    message = refusal(PortalFileField(kinds=(PDF,)), files.upload("отчёт.pdf", files.TEXT_AS_PDF))
    assert message == "Файл не похож на документ PDF: по содержимому это текстовый файл."


def test_a_cut_off_pdf_is_refused():
    data = files.pdf()
    message = refusal(
        PortalFileField(kinds=(PDF,)), files.upload("отчёт.pdf", data[: len(data) // 2])
    )
    assert "Документ PDF повреждён или загружен не полностью" in message


def test_a_docx_where_only_images_are_allowed_is_refused():
    message = refusal(PortalImageField(), files.upload("photo.jpg", files.docx()))
    assert message == (
        "Файл не похож на изображение JPEG/PNG/WebP: по содержимому это документ Word (DOCX)."
    )


def test_a_plain_zip_named_docx_is_refused_as_an_archive():
    message = refusal(
        PortalFileField(kinds=DOCUMENTS), files.upload("анкета.docx", files.plain_zip())
    )
    assert "Это архив, а не документ" in message


# --- Bad files: broken and hostile --------------------------------------------------------
def test_a_zero_byte_file_is_refused():
    message = refusal(PortalImageField(), files.upload("empty.jpg", b""))
    assert message.startswith("Файл пустой (0 байт).")


def test_a_truncated_jpeg_is_refused():
    data = files.noisy_jpeg()
    message = refusal(PortalImageField(), files.upload("cut.jpg", data[: len(data) // 2]))
    assert message.startswith("Изображение повреждено или загружено не полностью")


def test_a_truncated_jpeg_is_refused_even_where_weasyprint_relaxed_pillow(monkeypatch):
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    data = files.noisy_jpeg()
    message = refusal(PortalImageField(), files.upload("cut.jpg", data[: len(data) // 2]))
    assert message.startswith("Изображение повреждено или загружено не полностью")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # restored for WeasyPrint


def test_a_decompression_bomb_png_is_refused_before_decoding():
    data = files.bomb_png(12000)
    assert len(data) < 100 * 1024  # small on disk, 144 megapixels declared
    message = refusal(PortalImageField(), files.upload("bomb.png", data))
    assert message.startswith("Изображение слишком большое по числу точек")
    assert "144 Мп" in message
    assert "не более 40 Мп" in message


def test_an_image_just_over_the_pixel_limit_is_refused_with_its_size():
    data = files.bomb_png(7000)  # 49 Mpx: Pillow only warns; the warning must become a refusal
    message = refusal(PortalImageField(), files.upload("big.png", data))
    assert "Изображение слишком большое по числу точек" in message


def test_a_field_with_a_lower_pixel_limit_names_the_declared_size():
    message = refusal(
        PortalImageField(max_pixels=1_000_000), files.upload("p.png", files.png((2000, 1000)))
    )
    assert "2000×1000 (2 Мп)" in message
    assert "не более 1 Мп" in message


def test_a_50_mb_upload_is_refused_by_size_without_being_read():
    upload = files.sparse_upload("video.jpg", int(52.4 * MB))
    message = refusal(PortalImageField(max_size=10 * MB), upload)
    assert message == "Файл слишком большой: 52,4 МБ, допускается не более 10 МБ."


def test_a_docx_zip_bomb_is_refused_by_its_unpacked_size():
    data = files.docx_bomb()
    assert len(data) < 2 * MB
    message = refusal(PortalFileField(kinds=DOCUMENTS), files.upload("анкета.docx", data))
    assert message.startswith("Документ после распаковки занимает 260 МБ")
    assert "не более 250 МБ" in message


def test_a_dense_archive_is_refused_by_its_compression_ratio_below_the_size_limit():
    data = files.docx_bomb(100 * MB)  # under 250 MB, but 1000 times its own size
    message = refusal(PortalFileField(kinds=DOCUMENTS), files.upload("анкета.docx", data))
    assert "Документ после распаковки занимает 100 МБ" in message


def test_a_docx_with_too_many_entries_is_refused():
    data = files.docx(extra_count=2500)
    message = refusal(PortalFileField(kinds=DOCUMENTS), files.upload("анкета.docx", data))
    assert "в нём 2503 внутренних частей, допускается не более 2000" in message


def test_an_xlsm_renamed_xlsx_is_refused_for_its_macros():
    message = refusal(
        PortalFileField(kinds=DOCUMENTS), files.upload("бюджет.xlsx", files.xlsm_as_xlsx())
    )
    assert message.startswith("Документ содержит макросы.")


def test_a_docx_carrying_a_vba_project_is_refused_even_with_a_plain_content_type():
    data = files.docx({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 100})
    message = refusal(PortalFileField(kinds=DOCUMENTS), files.upload("анкета.docx", data))
    assert message.startswith("Документ содержит макросы.")


def test_a_damaged_zip_is_refused_as_damaged():
    data = files.docx()
    message = refusal(PortalFileField(kinds=DOCUMENTS), files.upload("анкета.docx", data[:200]))
    assert "Документ повреждён или загружен не полностью" in message


def test_binary_data_is_refused_where_text_is_expected():
    message = refusal(PortalFileField(kinds=TEXT), files.upload("data.csv", b"a;b\n\x00\x01\x02"))
    assert message.startswith("Файл не похож на текстовый файл TXT/CSV")


# --- The form field behaviour -------------------------------------------------------------
def test_an_optional_field_left_empty_keeps_the_stored_file():
    field = PortalImageField(required=False)
    assert field.clean(None, initial="news/covers/old.jpg") == "news/covers/old.jpg"


def test_a_required_field_left_empty_asks_for_a_file():
    message = refusal(PortalImageField(), None)
    assert message == "Выберите файл."


def test_the_help_text_names_kinds_and_limit():
    assert PortalImageField(max_size=5 * MB).help_text == "JPEG, PNG, WebP, не более 5 МБ."


def test_the_file_picker_is_hinted_with_accept():
    attrs = PortalImageField().widget_attrs(forms.ClearableFileInput())
    assert "image/jpeg" in attrs["accept"] and ".png" in attrs["accept"]


def test_check_upload_works_without_a_form():
    checked = check_upload(files.upload("a.png", files.png()), kinds=IMAGES)
    assert checked.is_image


@pytest.mark.parametrize(
    ("size", "text"),
    [(900, "900 байт"), (2048, "2 КБ"), (10 * MB, "10 МБ"), (int(52.4 * MB), "52,4 МБ")],
)
def test_sizes_are_written_the_russian_way(size, text):
    assert format_size(size) == text
