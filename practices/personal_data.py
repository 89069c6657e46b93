"""What practices hold about people, and how it is anonymised or erased (152-ФЗ).

A questionnaire's contact person (name, position, phone, e-mail) is personal data; the
practice itself (its title, answers, scores and decision) is not, and stays whole, so the
ranking, the catalogue and every register keep their rows and figures. Registered with
``kernel.personal_data`` and ``kernel.access_log`` from ``PracticesConfig.ready()``.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from practices.models import Questionnaire
from resursnaya_sreda.kernel.models import Programme
from resursnaya_sreda.kernel.personal_data import Section

ANONYMISED_NAME = "Контактное лицо (обезличено)"

_HAS_CONTACTS = (
    ~Q(contact_name="") & ~Q(contact_name=ANONYMISED_NAME)
    | ~Q(contact_position="")
    | ~Q(contact_phone="")
    | ~Q(contact_email="")
)


def has_contacts(questionnaire: Questionnaire) -> bool:
    return any(
        (
            questionnaire.contact_name not in ("", ANONYMISED_NAME),
            questionnaire.contact_position,
            questionnaire.contact_phone,
            questionnaire.contact_email,
        )
    )


def _anonymise(questionnaires: QuerySet[Questionnaire]) -> int:
    # One UPDATE: the contacts are the only personal fields and they get the same values.
    return questionnaires.filter(_HAS_CONTACTS).update(
        contact_name=ANONYMISED_NAME, contact_position="", contact_phone="", contact_email=""
    )


def anonymise_contacts(programme: Programme) -> int:
    """The programme's questionnaires lose their contact person; the practices stay."""
    return _anonymise(Questionnaire.objects.filter(programme=programme))


def questionnaires_of(email: str) -> list[Section]:
    """Questionnaires that name the address as their contact person."""
    questionnaires = list(
        Questionnaire.objects.filter(contact_email__iexact=email)
        .select_related("organisation", "programme")
        .order_by("programme__year", "pk")
    )
    if not questionnaires:
        return []
    return [
        Section(
            _("Контактное лицо в анкетах лучших практик"),
            columns=[
                _("Анкета"),
                _("Организация"),
                _("Состояние"),
                _("ФИО"),
                _("Должность"),
                _("Телефон"),
                _("Согласие на обработку ПДн"),
            ],
            table=[
                (
                    str(q),
                    str(q.organisation),
                    q.get_state_display(),
                    q.contact_name or "—",
                    q.contact_position or "—",
                    q.contact_phone or "—",
                    (
                        f"{timezone.localtime(q.consent_personal_data_at):%d.%m.%Y %H:%M}, "
                        f"{_('редакция')} {q.consent_version or '—'}"
                        if q.consent_personal_data_at
                        else "—"
                    ),
                )
                for q in questionnaires
            ],
        )
    ]


def erase_contacts_of(email: str) -> int:
    return _anonymise(Questionnaire.objects.filter(contact_email__iexact=email))


def register() -> None:
    from resursnaya_sreda.kernel import access_log, personal_data

    for label in ("practices.Questionnaire", "practices.Attachment"):
        access_log.register_personal_data_model(label)
    personal_data.register_anonymiser("practices-contacts", anonymise_contacts)
    personal_data.register_source("practices", questionnaires_of)
    personal_data.register_eraser("practices", erase_contacts_of)
