"""What the contest holds about people, and how it is anonymised or erased (152-ФЗ).

An entry's head of practice (name, position, phone, e-mail) is personal data; the entry itself
(its answers, files, check, result and diploma) is the organisation's and stays whole, so the
readiness table, the results and the collection read the same. Registered with
``kernel.personal_data`` and ``kernel.access_log`` from ``ContestConfig.ready()``.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from contest.models import Entry
from resursnaya_sreda.kernel.models import Programme
from resursnaya_sreda.kernel.personal_data import Section

ANONYMISED_NAME = "Руководитель практики (обезличено)"

_HAS_CONTACTS = (
    ~Q(contact_name="") & ~Q(contact_name=ANONYMISED_NAME)
    | ~Q(contact_position="")
    | ~Q(contact_phone="")
    | ~Q(contact_email="")
)


def has_contacts(entry: Entry) -> bool:
    return any(
        (
            entry.contact_name not in ("", ANONYMISED_NAME),
            entry.contact_position,
            entry.contact_phone,
            entry.contact_email,
        )
    )


def _anonymise(entries: QuerySet[Entry]) -> int:
    return entries.filter(_HAS_CONTACTS).update(
        contact_name=ANONYMISED_NAME, contact_position="", contact_phone="", contact_email=""
    )


def anonymise_contacts(programme: Programme) -> int:
    """The programme's entries lose their head of practice's contacts; the entries stay."""
    return _anonymise(Entry.objects.filter(contest__programme=programme))


def entries_of(email: str) -> list[Section]:
    entries = list(
        Entry.objects.filter(contact_email__iexact=email)
        .select_related("organisation", "nomination")
        .order_by("pk")
    )
    if not entries:
        return []
    return [
        Section(
            _("Руководитель практики в конкурсных заявках"),
            columns=[
                _("Заявка"),
                _("Организация"),
                _("Состояние"),
                _("ФИО"),
                _("Должность"),
                _("Телефон"),
            ],
            table=[
                (
                    str(e),
                    str(e.organisation),
                    e.get_state_display(),
                    e.contact_name or "—",
                    e.contact_position or "—",
                    e.contact_phone or "—",
                )
                for e in entries
            ],
        )
    ]


def erase_contacts_of(email: str) -> int:
    return _anonymise(Entry.objects.filter(contact_email__iexact=email))


def register() -> None:
    from resursnaya_sreda.kernel import access_log, personal_data

    # An entry's page, admin and diploma scan name people; its attachments may too.
    for label in ("contest.Entry", "contest.EntryAttachment"):
        access_log.register_personal_data_model(label)
    personal_data.register_anonymiser("contest-contacts", anonymise_contacts)
    personal_data.register_source("contest", entries_of)
    personal_data.register_eraser("contest", erase_contacts_of)
