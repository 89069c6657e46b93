"""What letters hold about people, and how it is anonymised or erased (152-ФЗ).

An addressee's contact person (name, position, e-mail, phone) and each letter's copy of them
are personal data. After the programme's retention date the letters keep their number, date,
organisation and delivery, so the outgoing register stays whole, but lose the person's name and
e-mail. Addressees are the region's current contacts, kept on the basis recorded with each; a
person's request erases theirs. Registered from ``LettersConfig.ready()``.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from letters.models import Addressee, Letter
from resursnaya_sreda.kernel.models import Programme
from resursnaya_sreda.kernel.personal_data import Section


def anonymise_letters(programme: Programme) -> int:
    return (
        Letter.objects.filter(mailing__programme=programme)
        .exclude(person="", email="")
        .update(person="", email="")
    )


def _addressees_of(email: str):
    return Addressee.objects.filter(email__iexact=email).select_related("region")


def contacts_of(email: str) -> list[Section]:
    addressees = list(_addressees_of(email))
    letters = list(
        Letter.objects.filter(email__iexact=email).select_related("letterhead").order_by("pk")
    )
    sections = []
    if addressees:
        sections.append(
            Section(
                _("Контакт адресата писем"),
                columns=[
                    _("Регион"),
                    _("Организация"),
                    _("Контактное лицо"),
                    _("Должность"),
                    _("Телефон"),
                    _("Основание хранения"),
                ],
                table=[
                    (
                        a.region.name,
                        a.organisation,
                        a.person,
                        a.position,
                        a.phone,
                        a.get_basis_display(),
                    )
                    for a in addressees
                ],
            )
        )
    if letters:
        sections.append(
            Section(
                _("Письма, отправленные на этот адрес"),
                columns=[_("Номер и дата"), _("Кому"), _("Тема"), _("Доставка")],
                table=[(str(x), x.person, x.subject, x.get_delivery_display()) for x in letters],
            )
        )
    return sections


def erase_contacts_of(email: str) -> int:
    """The person's name, position, e-mail and phone go from the addressees and the letters; the
    organisation and the letters' numbers stay for the register."""
    changed = _addressees_of(email).update(person="", position="", email="", phone="")
    changed += Letter.objects.filter(email__iexact=email).update(person="", email="")
    return changed


def register() -> None:
    from resursnaya_sreda.kernel import access_log, personal_data

    for label in ("letters.Addressee", "letters.Letter", "letters.Reply"):
        access_log.register_personal_data_model(label)
    personal_data.register_anonymiser("letters", anonymise_letters)
    personal_data.register_source("letters", contacts_of)
    personal_data.register_eraser("letters", erase_contacts_of)
