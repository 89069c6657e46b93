"""Images are decoded, checked and re-encoded through Pillow before anything is stored.

Re-encoding drops whatever rode along in the original (EXIF with GPS coordinates and camera
serials, comments, XMP, trailing bytes of a polyglot file) and applies the EXIF orientation so
the picture stands the way the camera held it.
"""

from __future__ import annotations

import io
import re
import struct
import threading
import warnings
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from resursnaya_sreda.kernel.uploads.kinds import JPEG, PNG, WEBP, Kind

# Pillow's own ceiling (89 Mpx, refusal only at twice that) is too generous for a portal whose
# photos come from phones; lowered for every caller of Pillow in the process. The checks below
# also compare the declared size themselves, so the refusal never depends on a global.
MAX_IMAGE_PIXELS = 40_000_000
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS

THUMBNAIL_SIZE = (640, 640)

# WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process when imported, which
# would let a cut-off upload through padded with grey. Uploads are decoded with it off; the lock
# keeps two uploads from restoring each other's value.
_strict_decoding = threading.Lock()

# Pillow may only parse these: naming them keeps its EPS plugin (which runs Ghostscript) and
# every other decoder away from uploaded bytes.
_PILLOW_FORMATS = {JPEG: ("JPEG",), PNG: ("PNG",), WEBP: ("WEBP",)}
# A camera's multi-picture JPEG opens as MPO; it is still a JPEG.
_ACCEPTED_FORMATS = {JPEG: {"JPEG", "MPO"}, PNG: {"PNG"}, WEBP: {"WEBP"}}
_DECODE_ERRORS = (
    UnidentifiedImageError,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    struct.error,
    IndexError,
    TypeError,
    ZeroDivisionError,
)


@dataclass(frozen=True)
class ProcessedImage:
    content: bytes
    width: int
    height: int
    thumbnail: bytes | None
    thumbnail_width: int | None = None
    thumbnail_height: int | None = None


def _bomb_error(pixels: int, max_pixels: int, size: tuple[int, int] | None) -> ValidationError:
    params = {"max": f"{max_pixels / 1_000_000:.0f}"}
    if not pixels:
        return ValidationError(
            _(
                "Изображение слишком большое по числу точек: допускается не более %(max)s Мп. "
                "Уменьшите его и загрузите снова."
            ),
            code="image_too_many_pixels",
            params=params,
        )
    declared = f"{pixels / 1_000_000:.0f} Мп"
    if size:
        declared = f"{size[0]}×{size[1]} ({declared})"
    return ValidationError(
        _(
            "Изображение слишком большое по числу точек: %(declared)s, допускается не более "
            "%(max)s Мп. Уменьшите его и загрузите снова."
        ),
        code="image_too_many_pixels",
        params={**params, "declared": declared},
    )


def _pixels_from_pillow_message(exc: Exception) -> int:
    """Pillow refuses a bomb while opening, before its size is known to us; it names the count."""
    found = re.search(r"\((\d+) pixels\)", str(exc))
    return int(found.group(1)) if found else 0


def _broken_error() -> ValidationError:
    return ValidationError(
        _(
            "Изображение повреждено или загружено не полностью: его не удалось прочитать "
            "целиком. Откройте его на компьютере, сохраните заново и загрузите ещё раз."
        ),
        code="image_broken",
    )


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on a white background, for JPEG which has no transparency."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _normalise_mode(image: Image.Image, kind: Kind) -> Image.Image:
    if kind is JPEG:
        return image if image.mode in ("RGB", "L") else _flatten(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if image.mode in ("RGB", "RGBA") or (kind is PNG and image.mode in ("L", "LA")):
        return image
    return image.convert("RGBA" if has_alpha else "RGB")


def _encode(image: Image.Image, kind: Kind, icc_profile: bytes | None) -> bytes:
    buffer = io.BytesIO()
    extra = {"icc_profile": icc_profile} if icc_profile else {}
    if kind is JPEG:
        image.save(buffer, "JPEG", quality=85, optimize=True, progressive=True, **extra)
    elif kind is PNG:
        image.save(buffer, "PNG", optimize=True, **extra)
    else:
        image.save(buffer, "WEBP", quality=85, method=4, **extra)
    return buffer.getvalue()


def process_image(
    handle: IO[bytes],
    kind: Kind,
    *,
    max_pixels: int = MAX_IMAGE_PIXELS,
    max_side: int | None = None,
    thumbnail_size: tuple[int, int] | None = THUMBNAIL_SIZE,
) -> ProcessedImage:
    """Decode the whole image, refuse bombs and broken files, return clean re-encoded bytes.

    ``max_side`` shrinks larger pictures (a 6000 px photo is not needed for a news page);
    ``thumbnail_size`` bounds the JPEG thumbnail, or None for no thumbnail.
    """
    if kind not in _PILLOW_FORMATS:
        raise ValueError(f"{kind} is not an image kind")
    # Per call: the declared size is checked before decoding, and Pillow's own bomb warning
    # becomes an error here without changing how warnings behave elsewhere.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            handle.seek(0)
            with Image.open(handle, formats=_PILLOW_FORMATS[kind]) as probe:
                width, height = probe.size
                if width * height > max_pixels:
                    raise _bomb_error(width * height, max_pixels, (width, height))
                if probe.format not in _ACCEPTED_FORMATS[kind]:
                    raise _broken_error()
                probe.verify()
            handle.seek(0)
            with Image.open(handle, formats=_PILLOW_FORMATS[kind]) as source:
                with _strict_decoding:
                    lenient = ImageFile.LOAD_TRUNCATED_IMAGES
                    ImageFile.LOAD_TRUNCATED_IMAGES = False
                    try:
                        source.load()
                    finally:
                        ImageFile.LOAD_TRUNCATED_IMAGES = lenient
                icc_profile = source.info.get("icc_profile")
                image = ImageOps.exif_transpose(source)
                image = _normalise_mode(image, kind)
                if max_side and max(image.size) > max_side:
                    image = image.copy() if image is source else image
                    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
                # Nothing of the original's metadata is carried: not EXIF, comments nor XMP.
                image.info = {}
                content = _encode(image, kind, icc_profile)
                thumbnail = thumb_w = thumb_h = None
                if thumbnail_size:
                    small = _flatten(image)
                    small.thumbnail(thumbnail_size, Image.Resampling.LANCZOS)
                    buffer = io.BytesIO()
                    small.save(buffer, "JPEG", quality=80, optimize=True, progressive=True)
                    thumbnail, (thumb_w, thumb_h) = buffer.getvalue(), small.size
                return ProcessedImage(
                    content=content,
                    width=image.width,
                    height=image.height,
                    thumbnail=thumbnail,
                    thumbnail_width=thumb_w,
                    thumbnail_height=thumb_h,
                )
        except ValidationError:
            raise
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            raise _bomb_error(_pixels_from_pillow_message(exc), max_pixels, None) from exc
        except _DECODE_ERRORS as exc:
            raise _broken_error() from exc
        finally:
            handle.seek(0)
