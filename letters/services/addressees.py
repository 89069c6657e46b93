"""Addressees: entered one by one or imported from a table, never twice in a region."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from letters import permissions as policy
from letters.models import Addressee

ADDRESSEE_FIELDS = (
    "kind",
    "organisation",
    "municipality",
    "person",
    "position",
    "address",
    "email",
    "phone",
    "basis",
    "basis_note",
)


def _check_unique(addressee: Addressee) -> None:
    addressee.key = addressee.make_key()
    twins = Addressee.objects.filter(region_id=addressee.region_id, key=addressee.key)
    if addressee.pk:
        twins = twins.exclude(pk=addressee.pk)
    if twins.exists():
        raise ValidationError(
            {
                "organisation": [
                    _("Такой адресат (организация и контактное лицо) в регионе уже есть.")
                ]
            }
        )


def _check_municipality(addressee: Addressee) -> None:
    if addressee.municipality_id and addressee.municipality.region_id != addressee.region_id:
        raise ValidationError(
            {"municipality": [_("Муниципальное образование из другого региона.")]}
        )


@transaction.atomic
def addressee_create(*, by: Any, region: Any, data: dict[str, Any]) -> Addressee:
    if not policy.can_manage_region(by, region.pk):
        raise PermissionDenied
    addressee = Addressee(region=region, created_by=by)
    for name in ADDRESSEE_FIELDS:
        if name in data:
            setattr(addressee, name, data[name])
    _check_municipality(addressee)
    _check_unique(addressee)
    addressee.full_clean()
    addressee.save()
    return addressee


@transaction.atomic
def addressee_update(*, by: Any, addressee: Addressee, data: dict[str, Any]) -> Addressee:
    if not policy.can_manage_region(by, addressee.region_id):
        raise PermissionDenied
    for name in ADDRESSEE_FIELDS:
        if name in data:
            setattr(addressee, name, data[name])
    _check_municipality(addressee)
    _check_unique(addressee)
    addressee.full_clean()
    addressee.save()
    return addressee


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


@transaction.atomic
def addressees_import(*, by: Any, region: Any, rows: list[dict[str, Any]]) -> ImportResult:
    """Write checked rows (``importing.check_rows``): a new addressee for a new organisation
    and person, the contacts refreshed for one already in the region. All or nothing."""
    if not policy.can_manage_region(by, region.pk):
        raise PermissionDenied
    result = ImportResult()
    existing = {a.key: a for a in Addressee.objects.filter(region=region)}
    for row in rows:
        candidate = Addressee(region=region, created_by=by)
        for name in ADDRESSEE_FIELDS:
            if name in row:
                setattr(candidate, name, row[name])
        candidate.key = candidate.make_key()
        found = existing.get(candidate.key)
        if found is None:
            candidate.full_clean()
            candidate.save()
            existing[candidate.key] = candidate
            result.created += 1
            continue
        for name in ("municipality", "position", "address", "email", "phone", "basis"):
            value = row.get(name)
            if value:
                setattr(found, name, value)
        if row.get("basis_note"):
            found.basis_note = row["basis_note"]
        found.full_clean()
        found.save()
        result.updated += 1
    return result
