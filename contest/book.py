"""The collection as data: what a chapter says, how chapters group, the index, the photos.

The same dictionary feeds the PDF (``documents.CollectionPdf``) and the public pages, whether
it is built live from the chapters (a draft edition, the editor's proofs) or read from
``Edition.frozen`` (a published edition, which never changes again).
"""

from __future__ import annotations

import base64
import hashlib
import io
from collections import defaultdict
from typing import Any

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from contest.models import Chapter, ChapterPhoto, Consent, Edition, EditionAsset, Grouping

#: Photos are printed at most this many pixels a side: about 200 dpi across an A4 text column.
PRINT_SIDE = 1400
PRINT_QUALITY = 82
CONTENT_VERSION = 1


def downsample(data: bytes) -> tuple[bytes, int, int]:
    """A print-size JPEG without metadata: at most ``PRINT_SIDE`` pixels a side."""
    with Image.open(io.BytesIO(data)) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail((PRINT_SIDE, PRINT_SIDE), Image.Resampling.LANCZOS)
        rgb = image.convert("RGB")
        out = io.BytesIO()
        rgb.save(out, "JPEG", quality=PRINT_QUALITY, optimize=True)
        return out.getvalue(), rgb.width, rgb.height


def asset_from_bytes(edition: Edition, data: bytes, name: str) -> EditionAsset:
    printed, width, height = downsample(data)
    digest = hashlib.sha256(printed).hexdigest()
    asset = EditionAsset.objects.filter(edition=edition, sha256=digest).first()
    if asset is not None:
        return asset
    asset = EditionAsset(
        edition=edition,
        sha256=digest,
        width=width,
        height=height,
        display_name=name.rsplit(".", 1)[0] + ".jpg",
        content_type="image/jpeg",
        size=len(printed),
    )
    asset.file.save(asset.display_name, ContentFile(printed), save=False)
    asset.save()
    return asset


def chapter_dict(chapter: Chapter, photos: list[ChapterPhoto]) -> dict[str, Any]:
    printed = [p for p in photos if p.consent == Consent.YES]
    return {
        "anchor": chapter.anchor,
        "questionnaire": chapter.questionnaire_id,
        "title": chapter.title,
        "organisation": chapter.organisation_name,
        "region": chapter.region_name,
        "municipality": chapter.municipality_name,
        "direction": chapter.direction_name,
        "award": chapter.award,
        "lead": chapter.lead,
        "sections": [
            [str(_("Проблема")), chapter.problem],
            [str(_("Что было сделано")), chapter.actions],
            [str(_("Результаты")), chapter.results],
            [str(_("Партнёры и ресурсы")), chapter.partners],
            [str(_("Как повторить в другом месте")), chapter.replication],
        ],
        "contact": chapter.contact if chapter.contact_agreed else "",
        "photos": [
            {"asset": p.asset.sha256, "asset_id": p.asset_id, "caption": p.caption} for p in printed
        ],
        "left_out_photos": len(photos) - len(printed),
    }


def edition_content(edition: Edition) -> dict[str, Any]:
    """The edition's content built live from its chapters."""
    chapters = list(edition.chapters.order_by("position", "pk").prefetch_related("photos__asset"))
    return {
        "version": CONTENT_VERSION,
        "edition": {
            "id": edition.pk,
            "number": edition.number,
            "title": edition.title,
            "subtitle": edition.subtitle,
            "year": edition.year,
            "foreword": edition.foreword,
            "how_to_use": edition.how_to_use,
            "grouping": edition.grouping,
            "page_size": edition.page_size,
            "programme": edition.programme.title,
            "organiser": edition.programme.organiser,
        },
        "chapters": [chapter_dict(c, list(c.photos.all())) for c in chapters],
    }


def content_of(edition: Edition) -> dict[str, Any]:
    """Frozen content for a published edition, live content otherwise."""
    return edition.frozen if edition.frozen else edition_content(edition)


def groups(content: dict[str, Any]) -> list[dict[str, Any]]:
    """Chapters grouped by direction or region, groups in alphabetical order, each with its
    anchor (for the contents list and the bookmarks)."""
    key = "direction" if content["edition"]["grouping"] == Grouping.DIRECTION else "region"
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for chapter in content["chapters"]:
        grouped[chapter[key] or str(_("Другое"))].append(chapter)
    return [
        {"title": title, "anchor": f"group-{n}", "chapters": grouped[title]}
        for n, title in enumerate(sorted(grouped), start=1)
    ]


def index(content: dict[str, Any]) -> list[dict[str, Any]]:
    """The index: regions, then directions, each with the chapters that mention it."""
    parts = []
    for key, title in (("region", _("Регионы")), ("direction", _("Направления"))):
        terms: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for chapter in content["chapters"]:
            if chapter[key]:
                terms[chapter[key]].append(chapter)
        parts.append(
            {
                "title": str(title),
                "terms": [
                    {
                        "term": term,
                        "refs": [
                            {"title": c["title"], "anchor": c["anchor"], "page": ""}
                            for c in terms[term]
                        ],
                    }
                    for term in sorted(terms)
                ],
            }
        )
    return parts


def image_sources(edition: Edition) -> dict[str, str]:
    """sha256 → data: URI of every printed photo (private files have no URL)."""
    sources = {}
    for asset in edition.assets.all():
        with asset.file.open("rb") as handle:
            encoded = base64.b64encode(handle.read()).decode("ascii")
        sources[asset.sha256] = f"data:image/jpeg;base64,{encoded}"
    return sources
