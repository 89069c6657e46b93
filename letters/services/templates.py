"""Letter templates and the values their fields take.

A template's text is checked by the sandbox (``letters.rendering``) before it is saved; the
values are plain strings computed here from the addressee, the event's facts (through the
kernel's ``correspondence`` contract) and the sender.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import formats, translation

from letters import permissions as policy
from letters import rendering
from letters.defaults import DEFAULTS
from letters.models import Addressee, Letterhead, LetterTemplate
from resursnaya_sreda.kernel import localtime
from resursnaya_sreda.kernel.correspondence import EventFacts

TEMPLATE_FIELDS = ("subject", "body", "cover_text")


@dataclass(frozen=True)
class Target:
    """Whom one letter goes to: an addressee of the region or a round table's invitee."""

    person: str = ""
    position: str = ""
    organisation: str = ""
    municipality: str = ""
    region: str = ""
    address: str = ""
    email: str = ""
    addressee_id: int | None = None
    category: str = ""

    @classmethod
    def of(cls, addressee: Addressee) -> Target:
        return cls(
            person=addressee.person,
            position=addressee.position,
            organisation=addressee.organisation,
            municipality=addressee.municipality.name if addressee.municipality_id else "",
            region=addressee.region.name,
            address=addressee.address,
            email=addressee.email,
            addressee_id=addressee.pk,
        )


@dataclass(frozen=True)
class Text:
    subject: str
    body: str
    cover_text: str


def template_for(*, programme: Any, site: Any, kind: str) -> Text:
    """The site's own copy, else the programme's template, else the portal's default text."""
    scope = Q(pilot_site__isnull=True) | (Q(pilot_site=site) if site else Q(pk__in=[]))
    rows = {
        row.pilot_site_id: row
        for row in LetterTemplate.objects.filter(scope, programme=programme, kind=kind)
    }
    row = rows.get(site.pk if site else None) or rows.get(None)
    if row is not None:
        return Text(row.subject, row.body, row.cover_text)
    default = DEFAULTS[kind]
    return Text(default["subject"], default["body"], default["cover_text"])


def check_text(data: dict[str, str]) -> None:
    """Every part of a template through the sandbox; errors beside the field they are in."""
    errors = {}
    for name in TEMPLATE_FIELDS:
        try:
            rendering.check(data.get(name, ""))
        except rendering.TemplateRefused as refused:
            errors[name] = [refused.message]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def template_save(
    *, by: Any, programme: Any, site: Any, kind: str, data: dict[str, str]
) -> LetterTemplate:
    """Save the programme's template (federal, ``site`` None) or a site's own copy."""
    if site is None and not policy.can_edit_programme_templates(by):
        raise PermissionDenied
    if site is not None and not policy.can_manage_site(by, site.pk):
        raise PermissionDenied
    check_text(data)
    row, _created = LetterTemplate.objects.select_for_update().get_or_create(
        programme=programme,
        pilot_site=site,
        kind=kind,
        defaults={name: data.get(name, "") for name in TEMPLATE_FIELDS} | {"updated_by": by},
    )
    for name in TEMPLATE_FIELDS:
        setattr(row, name, data.get(name, ""))
    row.updated_by = by
    row.full_clean()
    row.save()
    return row


def long_date(day: Any) -> str:
    """«14 мая 2026 г.»"""
    with translation.override("ru"):
        return f"{formats.date_format(day, 'j E Y')} г."


def event_values(facts: EventFacts | None) -> dict[str, str]:
    if facts is None:
        return {}
    place = facts.venue
    return {
        "мероприятие": facts.heading,
        "дата": long_date(facts.date),
        "время": localtime.format_time(facts.starts_at, facts.zone),
        "место": place,
        "программа": "\n".join(facts.agenda),
        "поддержка": "\n".join(f"— {item}" for item in facts.support),
        "практика": facts.practice,
        "муниципалитет": facts.municipality_name,
        "регион": facts.region_name,
        "ссылка_регистрации": facts.registration_url,
        "программа_название": facts.programme_title,
    }


def values_for(
    target: Target,
    *,
    facts: EventFacts | None,
    letterhead: Letterhead,
    programme_title: str,
    link: str = "",
) -> dict[str, str]:
    values = {
        "программа_название": programme_title,
        "отправитель": letterhead.organisation,
        "регион": target.region,
        "муниципалитет": target.municipality,
        **event_values(facts),
    }
    values.update(
        {
            "адресат": target.person,
            "должность": target.position,
            "организация": target.organisation,
        }
    )
    if target.municipality:
        values["муниципалитет"] = target.municipality
    if target.region:
        values["регион"] = target.region
    if link:
        values["ссылка_регистрации"] = link
    return values
