"""How questionnaires use the kernel's upload toolkit: which files, how big, which kind."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from practices.models import (
    ATTACHMENT_KINDS,
    ATTACHMENT_MAX_SIZE,
    PRESENTATION_KINDS,
    AttachmentKind,
)
from resursnaya_sreda.kernel.uploads import CheckedUpload, PortalFileField, check_upload

# Phone photos are 4000 px wide; a catalogue page does not need more than this.
PHOTO_MAX_SIDE = 2560


class AttachmentUploadField(PortalFileField):
    """Photos (re-encoded, shrunk, thumbnailed), PDFs and office documents, checked by content."""

    def check(self, data: Any) -> CheckedUpload:
        return check_upload(
            data,
            kinds=self.kinds,
            max_size=self.max_size,
            max_side=PHOTO_MAX_SIDE,
            max_zip_entries=self.max_zip_entries,
            max_unpacked=self.max_unpacked,
        )


def attachment_file_field(**kwargs: Any) -> AttachmentUploadField:
    kwargs.setdefault("label", _("Файл"))
    return AttachmentUploadField(kinds=ATTACHMENT_KINDS, max_size=ATTACHMENT_MAX_SIZE, **kwargs)


def answer_file_field(**kwargs: Any) -> AttachmentUploadField:
    return AttachmentUploadField(kinds=ATTACHMENT_KINDS, max_size=ATTACHMENT_MAX_SIZE, **kwargs)


def kind_for_upload(upload: CheckedUpload) -> str:
    """The attachment kind follows from what the content turned out to be."""
    if upload.is_image:
        return AttachmentKind.PHOTO
    if upload.kind in PRESENTATION_KINDS:
        return AttachmentKind.PRESENTATION
    return AttachmentKind.DOCUMENT
