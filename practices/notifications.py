"""Letters about questionnaires. Rendered now, sent by Celery after the transaction commits."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from practices.models import Questionnaire
from resursnaya_sreda.accounts.models import Membership, Role
from resursnaya_sreda.kernel.mail import send_email


def applicant_emails(questionnaire: Questionnaire) -> list[str]:
    """Everyone who represents the organisation (any of them may be the one who follows up)."""
    return sorted(
        set(
            Membership.objects.filter(
                role=Role.APPLICANT,
                organisation_id=questionnaire.organisation_id,
                user__is_active=True,
            ).values_list("user__email", flat=True)
        )
    )


def regional_staff_emails(questionnaire: Questionnaire) -> list[str]:
    """Staff of the programme's pilot site in the organisation's region."""
    return sorted(
        set(
            Membership.objects.filter(
                role=Role.REGIONAL,
                pilot_site__programme_id=questionnaire.programme_id,
                pilot_site__region_id=questionnaire.organisation.region_id,
                user__is_active=True,
            ).values_list("user__email", flat=True)
        )
    )


def _context(questionnaire: Questionnaire, **extra: object) -> dict[str, object]:
    return {
        "questionnaire": questionnaire,
        "path": reverse("practices:detail", args=[questionnaire.pk]),
        **extra,
    }


def submitted(questionnaire: Questionnaire, *, resubmitted: bool) -> None:
    title = questionnaire.display_title
    send_email(
        to=applicant_emails(questionnaire),
        subject=(_("Анкета подана повторно: %(t)s") if resubmitted else _("Анкета подана: %(t)s"))
        % {"t": title},
        template="practices/email/submitted_applicant.txt",
        context=_context(questionnaire, resubmitted=resubmitted),
    )
    send_email(
        to=regional_staff_emails(questionnaire),
        subject=(_("Исправленная анкета: %(t)s") if resubmitted else _("Новая анкета: %(t)s"))
        % {"t": title},
        template="practices/email/submitted_staff.txt",
        context=_context(questionnaire, resubmitted=resubmitted),
    )


def taken_into_review(questionnaire: Questionnaire) -> None:
    send_email(
        to=applicant_emails(questionnaire),
        subject=_("Анкета на рассмотрении: %(t)s") % {"t": questionnaire.display_title},
        template="practices/email/taken_into_review.txt",
        context=_context(questionnaire),
    )


def returned(questionnaire: Questionnaire, *, message: str) -> None:
    send_email(
        to=applicant_emails(questionnaire),
        subject=_("Анкету нужно доработать: %(t)s") % {"t": questionnaire.display_title},
        template="practices/email/returned.txt",
        context=_context(questionnaire, message=message),
    )


def withdrawn(questionnaire: Questionnaire, *, message: str) -> None:
    send_email(
        to=regional_staff_emails(questionnaire),
        subject=_("Анкета отозвана: %(t)s") % {"t": questionnaire.display_title},
        template="practices/email/withdrawn.txt",
        context=_context(questionnaire, message=message),
    )


def published(questionnaire: Questionnaire) -> None:
    send_email(
        to=applicant_emails(questionnaire),
        subject=_("Практика опубликована в каталоге: %(t)s") % {"t": questionnaire.display_title},
        template="practices/email/published.txt",
        context={
            **_context(questionnaire),
            "path": reverse("practices:practice", args=[questionnaire.pk]),
        },
    )
