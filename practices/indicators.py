"""Steps 1 and 3 in the programme's figures: questionnaires received and admitted, best
practices selected, the site's practices chosen and supported.

Registered from ``PracticesConfig.ready``; see ``resursnaya_sreda.kernel.indicators``.
Questionnaires belong to the region of their organisation, which is the pilot site's region.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from practices.models import (
    CommissionMember,
    Criterion,
    Outcome,
    PilotPractice,
    PilotPracticeState,
    Questionnaire,
    QuestionnaireState,
    Review,
    ReviewState,
    SupportEntry,
)
from resursnaya_sreda.kernel.indicators import (
    Indicator,
    TaskProof,
    per_site,
    programme_total,
    register,
    register_proof,
    share_of,
)
from resursnaya_sreda.kernel.models import TargetCode

# Received: submitted at least once and not withdrawn by the applicant.
RECEIVED_STATES = (
    QuestionnaireState.SUBMITTED,
    QuestionnaireState.UNDER_REVIEW,
    QuestionnaireState.RETURNED,
    QuestionnaireState.RESUBMITTED,
)


def received(programme: Any) -> QuerySet[Questionnaire]:
    return Questionnaire.objects.filter(programme=programme, state__in=RECEIVED_STATES)


def _questionnaire_link(questionnaire: Questionnaire) -> str:
    return reverse("practices:detail", args=[questionnaire.pk])


def _questionnaire_line(questionnaire: Questionnaire) -> str:
    return f"{questionnaire.title or _('Без названия')} — {questionnaire.organisation}"


QUESTIONNAIRE = {
    "region": "organisation__region",
    "link": _questionnaire_link,
    "describe": _questionnaire_line,
    "related": ("organisation",),
}

register(
    Indicator(
        key="questionnaires-received",
        step=1,
        title=_("Анкеты получены"),
        short_title=_("Анкеты"),
        definition=_(
            "Анкеты организаций региона, поданные хотя бы раз и не отозванные (черновики не "
            "считаются). Цель — не меньше, чем нужно отобрать лучших практик."
        ),
        records=received,
        target=share_of(TargetCode.BEST_PRACTICES),
        dated="submitted_at",
        noun=("анкета", "анкеты", "анкет"),
        order=10,
        **QUESTIONNAIRE,
    )
)

register(
    Indicator(
        key="questionnaires-admitted",
        step=1,
        title=_("Анкеты допущены к экспертизе"),
        short_title=_("Допущены"),
        definition=_("Полученные анкеты, которые секретарь комиссии допустил к экспертизе."),
        records=lambda programme: received(programme).filter(admission__admitted=True),
        target=share_of(TargetCode.BEST_PRACTICES),
        dated="admission__decided_at",
        noun=("допущенная анкета", "допущенные анкеты", "допущенных анкет"),
        order=20,
        **QUESTIONNAIRE,
    )
)

register(
    Indicator(
        key="best-practices",
        step=1,
        title=_("Лучшие практики отобраны"),
        short_title=_("Лучшие практики"),
        definition=_(
            "Анкеты, по которым комиссия приняла решение «лучшая практика». Цель программы "
            "делится между площадками поровну с округлением вверх."
        ),
        records=lambda programme: received(programme).filter(decision__outcome=Outcome.BEST),
        target=share_of(TargetCode.BEST_PRACTICES),
        total_target=programme_total(TargetCode.BEST_PRACTICES),
        dated="decision__decided_at",
        noun=("лучшая практика", "лучшие практики", "лучших практик"),
        order=30,
        **QUESTIONNAIRE,
    )
)


def _why_practice_not_counted(practice: PilotPractice) -> str:
    if practice.state != PilotPracticeState.CONFIRMED:
        return str(_("ждёт подтверждения федерального центра"))
    return str(_("в журнале поддержки нет записей"))


register(
    Indicator(
        key="pilot-practices",
        step=3,
        title=_("Практики площадки выбраны и поддержаны"),
        short_title=_("Две практики"),
        definition=_(
            "Практики, подтверждённые федеральным центром как практики площадки, с хотя бы "
            "одной записью в журнале поддержки (методической, организационной или "
            "информационной)."
        ),
        records=lambda programme: PilotPractice.objects.filter(
            pilot_site__programme=programme,
            state=PilotPracticeState.CONFIRMED,
            pk__in=SupportEntry.objects.values("practice_id"),
        ),
        uncounted=lambda programme: PilotPractice.objects.filter(
            pilot_site__programme=programme
        ).exclude(
            state=PilotPracticeState.CONFIRMED,
            pk__in=SupportEntry.objects.values("practice_id"),
        ),
        why_not=_why_practice_not_counted,
        site="pilot_site",
        target=per_site(TargetCode.CONTEST_PRACTICES_PER_SITE),
        link=lambda practice: reverse("practices:pilot-site", args=[practice.pilot_site_id]),
        describe=lambda practice: str(practice.questionnaire.title),
        related=("questionnaire", "pilot_site__region"),
        dated="confirmed_at",
        noun=("практика площадки", "практики площадок", "практик площадок"),
        order=10,
    )
)


# --- Roadmap tasks of step 1 proved by records ----------------------------------------------

register_proof(
    TaskProof(
        step=1,
        task=3,
        label=_("Анкета принимается на портале: анкеты поступают"),
        exists=lambda programme: received(programme).exists(),
        url=lambda: reverse("practices:review-list"),
    )
)
register_proof(
    TaskProof(
        step=1,
        task=7,
        label=_("Комиссия создана, в ней есть участники"),
        exists=lambda programme: CommissionMember.objects.filter(
            commission__programme=programme
        ).exists(),
    )
)
register_proof(
    TaskProof(
        step=1,
        task=8,
        label=_("Критерии отбора заданы"),
        exists=lambda programme: Criterion.objects.filter(commission__programme=programme).exists(),
    )
)
register_proof(
    TaskProof(
        step=1,
        task=9,
        label=_("Эксперты отправили оценки"),
        exists=lambda programme: Review.objects.filter(
            questionnaire__programme=programme, state=ReviewState.SUBMITTED
        ).exists(),
    )
)
register_proof(
    TaskProof(
        step=1,
        task=10,
        label=_("Комиссия отобрала лучшие практики"),
        exists=lambda programme: (
            received(programme).filter(decision__outcome=Outcome.BEST).exists()
        ),
        url=lambda: reverse("dashboard:cell", args=["best-practices"]),
    )
)
register_proof(
    TaskProof(
        step=3,
        task=1,
        label=_("Практики площадок подтверждены"),
        sites=lambda programme: PilotPractice.objects.filter(
            pilot_site__programme=programme, state=PilotPracticeState.CONFIRMED
        ).values_list("pilot_site_id", flat=True),
        url=lambda: reverse("practices:pilot-sites"),
    )
)
register_proof(
    TaskProof(
        step=3,
        task=2,
        label=_("Поддержка практик записана в журнал"),
        sites=lambda programme: SupportEntry.objects.filter(
            practice__pilot_site__programme=programme
        ).values_list("practice__pilot_site_id", flat=True),
        url=lambda: reverse("practices:pilot-sites"),
    )
)
