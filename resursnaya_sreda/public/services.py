"""Writes of the public site: news items and the landing page texts."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from resursnaya_sreda.kernel.models import PilotSite, Programme
from resursnaya_sreda.kernel.uploads import CheckedUpload, atomic_with_files, delete_on_commit
from resursnaya_sreda.public.models import NewsItem

_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip
SLUG_MAX = 80
# Paths beside /news/<slug>/ that a generated slug must never take.
RESERVED_SLUGS = {"new", "manage"}
LANDING_FIELDS = ("organiser", "summary", "goals", "tasks", "conditions", "contacts")


def _transliterate(text: str) -> str:
    out = []
    for char in text.lower():
        if char in _TRANSLIT:
            out.append(_TRANSLIT[char])
        elif char.isascii() and char.isalnum():
            out.append(char)
        else:
            out.append("-")
    slug = "-".join(part for part in "".join(out).split("-") if part)
    return slug[:SLUG_MAX].strip("-")


def news_slug(title: str, *, exclude_pk: int | None = None) -> str:
    """A readable, unique Latin slug: «Семинар в Казани» -> ``seminar-v-kazani``."""
    base = _transliterate(title) or "novost"
    candidate, number = base, 1
    others = NewsItem.objects.exclude(pk=exclude_pk) if exclude_pk else NewsItem.objects.all()
    while candidate in RESERVED_SLUGS or others.filter(slug=candidate).exists():
        number += 1
        candidate = f"{base[: SLUG_MAX - 6]}-{number}"
    return candidate


def _set_cover(item: NewsItem, cover: CheckedUpload) -> None:
    item.cover = cover
    item.cover_thumbnail = cover.thumbnail if cover.thumbnail is not None else ""


@atomic_with_files()
def news_create(
    *,
    author: Any,
    programme: Programme,
    pilot_site: PilotSite | None,
    kind: str,
    title: str,
    body: str,
    lead: str = "",
    cover: CheckedUpload | None = None,
    publish: bool = False,
) -> NewsItem:
    """Write a news item (a draft unless ``publish``); the cover is stored with the row."""
    item = NewsItem(
        programme=programme,
        pilot_site=pilot_site,
        kind=kind,
        title=title.strip(),
        lead=lead.strip(),
        body=body.strip(),
        author=author if getattr(author, "is_authenticated", False) else None,
        slug=news_slug(title),
    )
    if cover is not None:
        _set_cover(item, cover)
    if publish:
        item.is_published = True
        item.published_at = timezone.now()
    item.full_clean()
    item.save()
    return item


@atomic_with_files()
def news_update(
    *,
    item: NewsItem,
    pilot_site: PilotSite | None,
    kind: str,
    title: str,
    body: str,
    lead: str = "",
    cover: CheckedUpload | None = None,
    remove_cover: bool = False,
) -> NewsItem:
    """Change a news item. A new cover replaces the old one; old files go after commit.

    The slug stays as it was, so links already shared keep working.
    """
    stored = NewsItem.objects.select_for_update().get(pk=item.pk)
    item.pilot_site = pilot_site
    item.kind = kind
    item.title = title.strip()
    item.lead = lead.strip()
    item.body = body.strip()
    if cover is not None or remove_cover:
        # The instance may already hold the new file (a ModelForm puts it there): the files
        # to drop are the ones the database row points at.
        delete_on_commit(stored.cover)
        delete_on_commit(stored.cover_thumbnail)
        if cover is not None:
            _set_cover(item, cover)
        else:
            item.cover = ""
            item.cover_thumbnail = ""
    else:
        item.cover = stored.cover.name
        item.cover_thumbnail = stored.cover_thumbnail.name
    item.full_clean()
    item.save()
    return item


@atomic_with_files()
def news_save(
    *,
    item: NewsItem,
    user: Any,
    cover: CheckedUpload | None = None,
    remove_cover: bool = False,
) -> NewsItem:
    """Save an item edited field by field (the admin), keeping the rest consistent.

    Fills what the editor does not type (slug, author, first publication date), keeps the
    thumbnail in step with the cover and removes replaced cover files after commit.
    """
    stored = NewsItem.objects.filter(pk=item.pk).first() if item.pk else None
    if not item.slug:
        item.slug = news_slug(item.title, exclude_pk=item.pk)
    if item.author_id is None and stored is None and getattr(user, "is_authenticated", False):
        item.author = user
    if item.is_published and item.published_at is None:
        item.published_at = timezone.now()
    if cover is not None or remove_cover:
        if stored is not None:
            delete_on_commit(stored.cover)
            delete_on_commit(stored.cover_thumbnail)
        if cover is not None:
            _set_cover(item, cover)
        else:
            item.cover = ""
            item.cover_thumbnail = ""
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def news_publish(*, item: NewsItem, user: Any) -> NewsItem:
    """Make an item public. The first publication date stays on later re-publications."""
    item.is_published = True
    item.published_at = item.published_at or timezone.now()
    item.full_clean()
    item.save(update_fields=["is_published", "published_at", "updated_at"])
    return item


@transaction.atomic
def news_unpublish(*, item: NewsItem, user: Any) -> NewsItem:
    """Take an item off the public site; it becomes a draft again."""
    item.is_published = False
    item.full_clean()
    item.save(update_fields=["is_published", "updated_at"])
    return item


@transaction.atomic
def programme_landing_update(*, programme: Programme, user: Any, **texts: str) -> Programme:
    """Change the landing page texts of a programme (organiser, summary, goals, tasks…)."""
    unknown = set(texts) - set(LANDING_FIELDS)
    if unknown:
        raise TypeError(f"not landing fields: {sorted(unknown)}")
    for name, value in texts.items():
        setattr(programme, name, (value or "").strip())
    programme.full_clean()
    programme.save(update_fields=[*texts.keys()])
    return programme
