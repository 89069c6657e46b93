"""Letterheads: the regional centre's (made from the pilot site's centre the first time it is
needed) and the federal centre's."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from letters import permissions as policy
from letters.models import Letterhead
from resursnaya_sreda.kernel.uploads import CheckedUpload, atomic_with_files

LETTERHEAD_FIELDS = (
    "organisation",
    "requisites",
    "number_prefix",
    "signatory_name",
    "signatory_position",
    "use_signature",
    "reply_email",
)


def _requisites(organisation: Any) -> str:
    lines = [organisation.address]
    if organisation.phone:
        lines.append(f"Тел.: {organisation.phone}")
    if organisation.email:
        lines.append(f"E-mail: {organisation.email}")
    codes = [f"ИНН {organisation.inn}" if organisation.inn else ""]
    codes.append(f"ОГРН {organisation.ogrn}" if organisation.ogrn else "")
    lines.append(", ".join(code for code in codes if code))
    return "\n".join(line for line in lines if line)


def letterhead_for_site(site: Any) -> Letterhead:
    """The site's letterhead (None: the federal centre's), made with defaults the first time."""
    found = Letterhead.objects.filter(pilot_site=site).select_related("pilot_site__region")
    letterhead = found.first()
    if letterhead is not None:
        return letterhead
    if site is None:
        defaults = {"organisation": "АНО «Ресурсный центр в сфере национальных отношений»"}
    else:
        centre = site.centre
        defaults = {
            "organisation": centre.name,
            "requisites": _requisites(centre),
            "reply_email": centre.email,
            "number_prefix": f"{site.region.code}-РЦ",
        }
    try:
        with transaction.atomic():
            Letterhead.objects.create(pilot_site=site, **defaults)
    except IntegrityError:
        pass
    return found.get()


@atomic_with_files()
def letterhead_save(
    *,
    by: Any,
    letterhead: Letterhead,
    data: dict[str, Any],
    logo: CheckedUpload | None = None,
    signature: CheckedUpload | None = None,
) -> Letterhead:
    if not policy.can_manage_letterhead(by, letterhead):
        raise PermissionDenied
    for name in LETTERHEAD_FIELDS:
        if name in data:
            setattr(letterhead, name, data[name])
    if logo is not None:
        letterhead.logo = logo
    if signature is not None:
        letterhead.signature = signature
    letterhead.full_clean()
    letterhead.save()
    return letterhead
