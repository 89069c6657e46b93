"""What video stories hold about people, and how it is anonymised or erased (152-ФЗ).

People filmed for a story (their names, and the scans of their releases) and the filming
partners' contacts are personal data. After the programme's retention date the names and
contacts go; the rows stay, so a story still counts its people and partners and every
register reads the same. The release scans stay with the story: they are the proof of consent
for a video that remains published. Registered with ``kernel.personal_data`` and
``kernel.access_log`` from ``VideosConfig.ready()``.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from resursnaya_sreda.kernel.models import Programme
from resursnaya_sreda.kernel.personal_data import Section
from videos.models import FilmingPartner, OnScreenPerson

ANONYMISED_PERSON = "Человек в кадре"


def _anonymise_people(people: QuerySet[OnScreenPerson]) -> int:
    changed = 0
    for pk in people.exclude(full_name__startswith=ANONYMISED_PERSON).values_list("pk", flat=True):
        OnScreenPerson.objects.filter(pk=pk).update(full_name=f"{ANONYMISED_PERSON} {pk}", role="")
        changed += 1
    return changed


def anonymise_people(programme: Programme) -> int:
    return _anonymise_people(OnScreenPerson.objects.filter(story__programme=programme))


def anonymise_partner_contacts(programme: Programme) -> int:
    return (
        FilmingPartner.objects.filter(story__programme=programme)
        .exclude(contact="")
        .update(contact="")
    )


def partners_of(email: str) -> list[Section]:
    partners = list(FilmingPartner.objects.filter(contact__icontains=email).select_related("story"))
    if not partners:
        return []
    return [
        Section(
            _("Контакт партнёра съёмки видеосюжета"),
            columns=[_("Сюжет"), _("Партнёр"), _("Роль"), _("Контакт")],
            table=[(p.story.title, p.name, p.get_role_display(), p.contact) for p in partners],
        )
    ]


def erase_partner_contacts_of(email: str) -> int:
    return FilmingPartner.objects.filter(contact__icontains=email).update(contact="")


def register() -> None:
    from resursnaya_sreda.kernel import access_log, personal_data

    for label in ("videos.OnScreenPerson", "videos.FilmingPartner"):
        access_log.register_personal_data_model(label)
    personal_data.register_anonymiser("videos-people", anonymise_people)
    personal_data.register_anonymiser("videos-partners", anonymise_partner_contacts)
    personal_data.register_source("videos", partners_of)
    personal_data.register_eraser("videos", erase_partner_contacts_of)
