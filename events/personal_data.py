"""What events hold about people, and how it is anonymised or erased (152-ФЗ).

Registered with ``kernel.personal_data`` and ``kernel.access_log`` from
``EventsConfig.ready()``:

- registrations (name, contacts, position) are anonymised after the programme's retention date
  and on a person's request; the row stays with its event, status, source, category,
  attendance and consent, so every count, register and report reads the same numbers;
- feedback keeps its ratings; e-mail addresses and phone numbers written into its free text are
  masked, and on a person's request their free text is removed.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import FeedbackAnswer, Registration
from events.models.registration import new_token
from resursnaya_sreda.kernel.models import Programme
from resursnaya_sreda.kernel.personal_data import Section

# ``person_key`` of an anonymised registration: no e-mail, no name, still unique per event.
ANONYMISED_KEY = "anonymised:"
MASK = "[скрыто]"
_CONTACT = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # an e-mail address
    r"|(?:\+7|\b8)[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}\b"  # a Russian phone number
)


def _date(value: Any) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M") if value else "—"


def mask_contacts(text: str) -> str:
    return _CONTACT.sub(MASK, text)


def _anonymise(registrations: QuerySet[Registration]) -> int:
    changed = 0
    for pk in registrations.exclude(person_key__startswith=ANONYMISED_KEY).values_list(
        "pk", flat=True
    ):
        # One UPDATE per row: each gets its own key (unique per event) and a new feedback link,
        # so the old personal link leads nowhere.
        Registration.objects.filter(pk=pk).update(
            full_name=_("Участник %(n)s") % {"n": pk},
            email="",
            phone="",
            position="",
            person_key=f"{ANONYMISED_KEY}{pk}",
            feedback_token=new_token(),
        )
        changed += 1
    return changed


def anonymise_registrations(programme: Programme) -> int:
    """The programme's participants lose their names and contacts; the rows stay."""
    return _anonymise(Registration.objects.filter(event__programme=programme))


def anonymise_feedback(programme: Programme) -> int:
    """Addresses and phone numbers written into the programme's feedback are masked."""
    changed = 0
    answers = FeedbackAnswer.objects.filter(response__event__programme=programme).exclude(text="")
    for answer in answers.only("pk", "text").iterator():
        masked = mask_contacts(answer.text)
        if masked != answer.text:
            FeedbackAnswer.objects.filter(pk=answer.pk).update(text=masked)
            changed += 1
    return changed


def _of(email: str) -> Q:
    return Q(person_key=email) | Q(email__iexact=email)


def registrations_of(email: str) -> list[Section]:
    """Every registration under the address, with the consent given and the feedback left."""
    registrations = list(
        Registration.objects.filter(_of(email))
        .select_related("event__pilot_site__region", "feedback")
        .prefetch_related("feedback__answers__question")
        .order_by("event__date", "pk")
    )
    if not registrations:
        return []
    sections = [
        Section(
            _("Регистрации на мероприятия"),
            columns=[
                _("Мероприятие"),
                _("Дата"),
                _("ФИО"),
                _("Организация, должность"),
                _("Телефон"),
                _("Статус"),
                _("Присутствовал"),
                _("Согласие на обработку ПДн"),
                _("Согласие на съёмку"),
            ],
            table=[
                (
                    r.event.title,
                    r.event.date.strftime("%d.%m.%Y"),
                    r.full_name,
                    ", ".join(part for part in (r.organisation, r.position) if part) or "—",
                    r.phone or "—",
                    f"{r.get_status_display()} ({r.get_source_display()})",
                    _("да") if r.attended else _("нет"),
                    f"{_date(r.consent_at)}, {_('редакция')} {r.consent_version or '—'}",
                    _("да") if r.consent_photo else _("нет"),
                )
                for r in registrations
            ],
        )
    ]
    answers = [
        (r.event.title, answer)
        for r in registrations
        if hasattr(r, "feedback")
        for answer in r.feedback.answers.all()
    ]
    if answers:
        sections.append(
            Section(
                _("Отзывы о мероприятиях"),
                columns=[_("Мероприятие"), _("Вопрос"), _("Оценка"), _("Ответ")],
                table=[
                    (
                        title,
                        answer.question.text,
                        answer.rating if answer.rating is not None else "—",
                        answer.text or "—",
                    )
                    for title, answer in answers
                ],
            )
        )
    return sections


@transaction.atomic
def erase_registrations_of(email: str) -> int:
    """The person's registrations are anonymised and their feedback keeps only its ratings."""
    registrations = Registration.objects.filter(_of(email))
    ids = list(registrations.values_list("pk", flat=True))
    texts = (
        FeedbackAnswer.objects.filter(response__registration_id__in=ids)
        .exclude(text="")
        .update(text="")
    )
    return _anonymise(Registration.objects.filter(pk__in=ids)) + texts


def register() -> None:
    from resursnaya_sreda.kernel import access_log, personal_data

    # Their admin pages show people: each list and record opened there is recorded.
    for label in (
        "events.Registration",
        "events.EventScan",
        "events.EventPhoto",
        "events.FeedbackResponse",
    ):
        access_log.register_personal_data_model(label)
    personal_data.register_anonymiser("events-registrations", anonymise_registrations)
    personal_data.register_anonymiser("events-feedback", anonymise_feedback)
    personal_data.register_source("events", registrations_of)
    personal_data.register_eraser("events", erase_registrations_of)
