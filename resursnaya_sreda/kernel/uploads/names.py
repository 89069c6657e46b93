"""Names: the random name a file is stored under and the display name people see.

The name a browser sends is only ever shown (and offered on download); it never reaches a path
on disk, so ``../../etc/passwd`` or a right-to-left override cannot do anything but look odd.
"""

from __future__ import annotations

import re
import unicodedata
import uuid

from django.utils import timezone
from django.utils.deconstruct import deconstructible

from resursnaya_sreda.kernel.uploads.kinds import ALL_KINDS, Kind

DISPLAY_NAME_MAX = 120
_FALLBACK_STEM = "файл"
# Characters Windows refuses in file names; replaced so a downloaded file can be saved.
_RESERVED = re.compile(r'[<>:"|?*]')
_SPACES = re.compile(r"\s+")
# An extension has a letter in it: «Протокол 12.05» has none, «scan.PDF» has one.
_EXTENSION = re.compile(r"\.([0-9A-Za-z]*[A-Za-z][0-9A-Za-z]*)$")
_KNOWN_EXTENSIONS = {ext for kind in ALL_KINDS for ext in kind.extensions}


def _split_extension(name: str) -> tuple[str, str]:
    found = _EXTENSION.search(name)
    if not found or len(found.group(1)) > 5 or found.start() == 0:
        return name, ""
    return name[: found.start()], "." + found.group(1).lower()


def _trim(stem: str, limit: int) -> str:
    """Cut at a word boundary near the limit and mark the cut with an ellipsis."""
    if len(stem) <= limit:
        return stem
    cut = stem[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" .,;:-_—–") + "…"


def sanitise_display_name(
    raw: str | None, *, kind: Kind | None = None, max_length: int = DISPLAY_NAME_MAX
) -> str:
    """A safe, readable name for showing and downloading.

    Only the last path component is kept; control and invisible formatting characters go;
    characters Windows refuses become «_»; the extension matches the kind the content showed.
    """
    name = unicodedata.normalize("NFC", str(raw or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    # Cc control, Cf format (bidi overrides, zero-width), Cs/Co/Cn: nothing a name needs.
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = _RESERVED.sub("_", name)
    name = _SPACES.sub(" ", name).strip(" .")
    stem, extension = _split_extension(name)
    stem = stem.strip(" .")
    if kind is not None and extension not in kind.extensions:
        if extension in _KNOWN_EXTENSIONS:
            extension = kind.extension
        else:
            # «отчёт.exe» that is a PDF keeps its odd part visible: «отчёт.exe.pdf».
            stem, extension = stem + extension, kind.extension
    if not stem:
        stem = _FALLBACK_STEM
    stem = _trim(stem, max(1, max_length - len(extension)))
    return stem + extension


@deconstructible
class RandomPath:
    """``upload_to`` that ignores the sent name: ``<prefix>/YYYY/MM/DD/<uuid4><.ext>``.

    The date folder keeps directories small and makes old files easy to find by hand.
    """

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix.strip("/") or "uploads"

    def __call__(self, instance: object, filename: str) -> str:
        _, extension = _split_extension(filename.rsplit("/", 1)[-1])
        today = timezone.localdate()
        return f"{self.prefix}/{today:%Y/%m/%d}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomPath) and other.prefix == self.prefix

    def __hash__(self) -> int:
        return hash(self.prefix)
