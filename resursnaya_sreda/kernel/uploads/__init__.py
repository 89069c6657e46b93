"""The upload toolkit every feature uses: checked by content, re-encoded, randomly named.

Forms::

    cover = PortalImageField(label=_("Обложка"), max_size=10 * MB, required=False)
    scan = PortalFileField(kinds=SCANS, max_size=20 * MB)

Models::

    class Scan(StoredFile):                     # display_name, content_type, size, thumbnail
        file = StoredFileField(_("скан"), upload_to="events/scans", kinds=SCANS, max_size=20 * MB)

Services store inside ``atomic_with_files()`` so a failed transaction leaves no file behind;
``manage.py sweep_orphan_files`` removes whatever escaped. Private files are served by
``register_private_files(Model, get_<obj>_for_user)`` and ``obj.file.url``.
"""

from resursnaya_sreda.kernel.uploads.checking import (
    DEFAULT_MAX_SIZE,
    MB,
    CheckedUpload,
    check_upload,
)
from resursnaya_sreda.kernel.uploads.fields import (
    StoredFile,
    StoredFileField,
    get_private_storage,
    private_storage,
)
from resursnaya_sreda.kernel.uploads.forms import PortalFileField, PortalImageField
from resursnaya_sreda.kernel.uploads.images import MAX_IMAGE_PIXELS, process_image
from resursnaya_sreda.kernel.uploads.kinds import (
    ANY_DOCUMENT,
    CSV,
    DOCUMENTS,
    DOCX,
    IMAGES,
    JPEG,
    ODP,
    ODS,
    ODT,
    OFFICE,
    PDF,
    PNG,
    PPTX,
    SCANS,
    TEXT,
    TXT,
    WEBP,
    XLSX,
    Kind,
    format_size,
)
from resursnaya_sreda.kernel.uploads.names import RandomPath, sanitise_display_name
from resursnaya_sreda.kernel.uploads.serving import (
    private_file_url,
    register_private_files,
    stored_file_response,
)
from resursnaya_sreda.kernel.uploads.transactions import atomic_with_files, delete_on_commit

__all__ = [
    "ANY_DOCUMENT",
    "CSV",
    "DEFAULT_MAX_SIZE",
    "DOCUMENTS",
    "DOCX",
    "IMAGES",
    "JPEG",
    "MAX_IMAGE_PIXELS",
    "MB",
    "ODP",
    "ODS",
    "ODT",
    "OFFICE",
    "PDF",
    "PNG",
    "PPTX",
    "SCANS",
    "TEXT",
    "TXT",
    "WEBP",
    "XLSX",
    "CheckedUpload",
    "Kind",
    "PortalFileField",
    "PortalImageField",
    "RandomPath",
    "StoredFile",
    "StoredFileField",
    "atomic_with_files",
    "check_upload",
    "delete_on_commit",
    "format_size",
    "get_private_storage",
    "private_file_url",
    "private_storage",
    "process_image",
    "register_private_files",
    "sanitise_display_name",
    "stored_file_response",
]
