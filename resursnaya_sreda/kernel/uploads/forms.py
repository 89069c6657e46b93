"""Form fields that check uploads by content: ``PortalFileField`` and ``PortalImageField``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.kernel.uploads import documents, images
from resursnaya_sreda.kernel.uploads.checking import (
    DEFAULT_MAX_SIZE,
    CheckedUpload,
    check_upload,
)
from resursnaya_sreda.kernel.uploads.kinds import BY_CODE, DOCUMENTS, IMAGES, Kind, format_size


def _as_kinds(kinds: Any) -> tuple[Kind, ...]:
    return tuple(kind if isinstance(kind, Kind) else BY_CODE[kind] for kind in kinds)


class PortalFileField(forms.FileField):
    """A file field that accepts only ``kinds`` (checked by content) up to ``max_size`` bytes.

    ``cleaned_data`` holds a ``CheckedUpload``: assign it to a ``StoredFileField`` or pass it to
    ``StoredFile.attach``. A field left empty on an edit form keeps the stored file.
    """

    default_error_messages = {
        "invalid": _("Файл не получен: обновите страницу и выберите его ещё раз."),
        "missing": _("Файл не получен: обновите страницу и выберите его ещё раз."),
        "required": _("Выберите файл."),
        "empty": _(
            "Файл пустой (0 байт). Проверьте, что выбран нужный файл, и загрузите его снова."
        ),
        "contradiction": _("Либо выберите новый файл, либо отметьте «Удалить», но не оба сразу."),
    }

    def __init__(
        self,
        *,
        kinds: Any = DOCUMENTS,
        max_size: int = DEFAULT_MAX_SIZE,
        max_zip_entries: int = documents.MAX_ZIP_ENTRIES,
        max_unpacked: int = documents.MAX_UNPACKED_SIZE,
        **kwargs: Any,
    ) -> None:
        self.kinds = _as_kinds(kinds)
        self.max_size = max_size
        self.max_zip_entries = max_zip_entries
        self.max_unpacked = max_unpacked
        kwargs.pop("max_length", None)
        kwargs.setdefault("help_text", self.default_help_text())
        super().__init__(**kwargs)

    def default_help_text(self) -> str:
        return str(_("%(kinds)s, не более %(size)s.")) % {
            "kinds": ", ".join(kind.label for kind in self.kinds),
            "size": format_size(self.max_size),
        }

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        # Only a hint for the file picker: the server decides by content.
        accept = sorted(
            {kind.content_type for kind in self.kinds}
            | {ext for kind in self.kinds for ext in kind.extensions}
        )
        attrs.setdefault("accept", ",".join(accept))
        return attrs

    def check(self, data: Any) -> CheckedUpload:
        return check_upload(
            data,
            kinds=self.kinds,
            max_size=self.max_size,
            max_zip_entries=self.max_zip_entries,
            max_unpacked=self.max_unpacked,
        )

    def to_python(self, data: Any) -> Any:
        data = super().to_python(data)
        if data is None or isinstance(data, CheckedUpload):
            return data
        return self.check(data)


class PortalImageField(PortalFileField):
    """JPEG, PNG or WebP, decoded and re-encoded: no EXIF or GPS, orientation applied,
    a JPEG thumbnail alongside (``cleaned_data[...].thumbnail``)."""

    def __init__(
        self,
        *,
        kinds: Any = IMAGES,
        max_size: int = DEFAULT_MAX_SIZE,
        max_pixels: int = images.MAX_IMAGE_PIXELS,
        max_side: int | None = None,
        thumbnail_size: tuple[int, int] | None = images.THUMBNAIL_SIZE,
        **kwargs: Any,
    ) -> None:
        self.max_pixels = max_pixels
        self.max_side = max_side
        self.thumbnail_size = thumbnail_size
        super().__init__(kinds=kinds, max_size=max_size, **kwargs)
        if any(kind not in IMAGES for kind in self.kinds):
            raise ValueError("PortalImageField accepts only image kinds")

    def check(self, data: Any) -> CheckedUpload:
        return check_upload(
            data,
            kinds=self.kinds,
            max_size=self.max_size,
            max_pixels=self.max_pixels,
            max_side=self.max_side,
            thumbnail_size=self.thumbnail_size,
        )
