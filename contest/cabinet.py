"""What the contest and the collection add to the personal cabinet."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from contest import permissions as policy
from contest import selectors
from contest.models import EntryState
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.accounts.cabinet import CabinetLink, CabinetSection, register

ROWS = 6


@register("contest-my-entries", order=57)
def my_entries(user: Any) -> CabinetSection | None:
    """Applicants: their entries, with remarks waiting, and the way to start one."""
    if not roles.is_applicant(user) or roles.is_staff_member(user):
        return None
    contest = selectors.contest_current()
    if contest is None:
        return None
    entries = list(selectors.entries_for_user(user, contest)[:ROWS])
    practices = selectors.selectable_practices(user, contest).count()
    if not entries and not practices:
        return None
    links = [CabinetLink(_("Все мои заявки"), reverse("contest:entries"), icon="list")]
    if practices and contest.is_open():
        links.insert(
            0,
            CabinetLink(
                _("Подать заявку на конкурс"),
                reverse("contest:start"),
                icon="plus-lg",
                primary=True,
            ),
        )
    return CabinetSection(
        title=_("Конкурсные заявки: %(c)s") % {"c": contest.display_title},
        icon="trophy",
        template="contest/cabinet/entries.html",
        context={"entries": entries, "contest": contest},
        links=tuple(links),
    )


@register("contest-chapters", order=58)
def chapters_to_approve(user: Any) -> CabinetSection | None:
    chapters = (
        list(selectors.chapters_awaiting(user)[:ROWS]) if roles.organisation_ids(user) else []
    )
    if not chapters:
        return None
    return CabinetSection(
        title=_("Глава сборника ждёт вашего согласования"),
        icon="book",
        links=tuple(
            CabinetLink(
                c.title,
                reverse("collection:chapter-review", args=[c.pk]),
                icon="pencil-square",
                primary=True,
            )
            for c in chapters
        ),
    )


@register("contest-staff", order=37)
def staff_entries(user: Any) -> CabinetSection | None:
    """Regional staff: entries waiting for their check and the site's target. Federal: every
    site's readiness, sending and the collection."""
    if not policy.can_see_readiness(user):
        return None
    contest = selectors.contest_current()
    if contest is None:
        return None
    waiting = selectors.entries_for_user(user, contest, state=EntryState.SUBMITTED).count()
    rows = selectors.readiness(user, contest)
    short = [row for row in rows if row.short_by]
    links = [
        CabinetLink(
            _("Заявки на проверку"),
            reverse("contest:entries") + f"?state={EntryState.SUBMITTED}",
            icon="clipboard-check",
            primary=True,
            badge=str(waiting) if waiting else "",
        ),
        CabinetLink(_("Готовность площадок"), reverse("contest:readiness"), icon="speedometer2"),
    ]
    if policy.can_edit_collection(user):
        links.append(
            CabinetLink(
                _("Сборник методических материалов"), reverse("collection:editor"), icon="book"
            )
        )
    if roles.is_federal(user):
        description = _("Площадок без двух проверенных заявок: %(n)s из %(total)s.") % {
            "n": len(short),
            "total": len(rows),
        }
    elif rows:
        row = rows[0]
        description = _(
            "Проверено заявок: %(checked)s из %(target)s; до окончания приёма %(days)s дн. "
            "(%(zone)s)."
        ) % {
            "checked": row.checked,
            "target": row.target,
            "days": row.days_left,
            "zone": row.zone_label,
        }
    else:
        description = ""
    return CabinetSection(
        title=_("Конкурс: %(c)s") % {"c": contest.display_title},
        icon="trophy",
        description=description,
        links=tuple(links),
    )
