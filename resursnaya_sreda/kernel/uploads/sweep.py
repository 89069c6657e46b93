"""Finding stored files that no row refers to any more, and removing the old ones."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils import timezone

STORAGE_ALIASES = ("default", "private")


@dataclass
class SweepReport:
    alias: str
    found: int = 0
    referenced: int = 0
    too_recent: int = 0
    orphans: list[str] = field(default_factory=list)
    deleted: int = 0


def referenced_names() -> set[str]:
    """Every file name held by a FileField or ImageField of any installed model."""
    names: set[str] = set()
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for model_field in model._meta.concrete_fields:
            if not isinstance(model_field, models.FileField):
                continue
            values = (
                model._base_manager.exclude(**{f"{model_field.attname}__isnull": True})
                .exclude(**{model_field.attname: ""})
                .values_list(model_field.attname, flat=True)
            )
            names.update(values.iterator(chunk_size=2000))
    return names


def walk(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name under ``folder``; a storage that was never written to has none."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        if not name.startswith("."):
            yield f"{folder}/{name}" if folder else name
    for directory in directories:
        yield from walk(storage, f"{folder}/{directory}" if folder else directory)


def sweep_orphan_files(
    *,
    min_age: datetime.timedelta = datetime.timedelta(hours=1),
    dry_run: bool = False,
    now: datetime.datetime | None = None,
) -> list[SweepReport]:
    """Delete files in the public and private storages that no model refers to.

    Only files older than ``min_age`` go: a younger one may belong to a transaction that has
    not committed yet. References are read before the folders are walked, so a file written
    meanwhile is young and stays.
    """
    now = now or timezone.now()
    referenced = referenced_names()
    reports = []
    for alias in STORAGE_ALIASES:
        storage = storages[alias]
        report = SweepReport(alias)
        for name in walk(storage):
            report.found += 1
            if name in referenced:
                report.referenced += 1
                continue
            if now - storage.get_modified_time(name) < min_age:
                report.too_recent += 1
                continue
            report.orphans.append(name)
            if not dry_run:
                storage.delete(name)
                report.deleted += 1
        reports.append(report)
    return reports
