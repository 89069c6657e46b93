"""What the questionnaires add to the personal cabinet (registered from ``AppConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from practices import permissions as policy
from practices import selectors, services
from practices.models import QuestionnaireState
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.accounts.cabinet import CabinetLink, CabinetSection, register
from resursnaya_sreda.kernel.selectors import programme_current

CABINET_ROWS = 10


@register("practices-my-questionnaires", order=55)
def my_questionnaires(user: Any) -> CabinetSection | None:
    if not roles.is_applicant(user):
        return None
    questionnaires = list(selectors.applicant_questionnaires(user)[:CABINET_ROWS])
    programme = programme_current()
    links = []
    if (
        policy.can_create_questionnaire(user)
        and programme is not None
        and services.window_state(programme) in {"ahead", "current"}
    ):
        links.append(
            CabinetLink(
                _("Заполнить новую анкету"),
                reverse("practices:create"),
                icon="plus-lg",
                primary=True,
            )
        )
    links.append(CabinetLink(_("Все мои анкеты"), reverse("practices:my-list"), icon="list"))
    return CabinetSection(
        title=_("Мои анкеты лучших практик"),
        icon="journal-text",
        template="practices/cabinet/applicant.html",
        context={"questionnaires": questionnaires},
        links=tuple(links),
    )


@register("practices-review", order=35)
def questionnaires_to_review(user: Any) -> CabinetSection | None:
    if not policy.can_see_register(user):
        return None
    waiting = selectors.staff_questionnaires(user).filter(
        state__in=[QuestionnaireState.SUBMITTED, QuestionnaireState.RESUBMITTED]
    )
    count = waiting.count()
    title = (
        _("Анкеты лучших практик: все регионы")
        if roles.is_federal(user)
        else _("Анкеты лучших практик моего региона")
    )
    return CabinetSection(
        title=title,
        icon="inboxes",
        description=(
            _("Ждут рассмотрения: %(n)s.") % {"n": count}
            if count
            else _("Новых анкет, ждущих рассмотрения, нет.")
        ),
        links=(
            CabinetLink(
                _("Открыть список анкет"),
                reverse("practices:review-list"),
                icon="inboxes",
                primary=True,
                badge=str(count) if count else "",
            ),
            CabinetLink(
                _("Ждут рассмотрения"),
                reverse("practices:review-list") + f"?state={QuestionnaireState.SUBMITTED}",
                icon="hourglass",
            ),
        ),
    )


@register("practices-expert-assignments", order=41)
def expert_assignments(user: Any) -> CabinetSection | None:
    """The expert scores in the admin; the cabinet shows the progress and the way there."""
    if not roles.is_expert(user):
        return None
    done, total = selectors.expert_progress(user)
    return CabinetSection(
        title=_("Мои заявки на оценку"),
        icon="clipboard-check",
        description=(
            _("Оценено %(done)s из %(total)s.") % {"done": done, "total": total}
            if total
            else _("Анкет, назначенных вам на оценку, пока нет.")
        ),
        links=(
            CabinetLink(
                _("Открыть заявки на оценку"),
                reverse("admin:practices_experttask_changelist"),
                icon="clipboard-check",
                primary=True,
                badge=str(total - done) if total - done else "",
            ),
        ),
    )


@register("practices-pilot-practices", order=36)
def pilot_practices(user: Any) -> CabinetSection | None:
    """Step 3: the two practices of each pilot site."""
    if not roles.is_staff_member(user):
        return None
    return CabinetSection(
        title=_("Две практики пилотной площадки"),
        icon="award",
        description=_(
            "Две лучшие муниципальные практики региона для тиражирования и всероссийского "
            "конкурса, и журнал их поддержки."
        ),
        links=(
            CabinetLink(
                _("Практики пилотных площадок"), reverse("practices:pilot-sites"), icon="award"
            ),
        ),
    )
