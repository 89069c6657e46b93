"""What events add to the personal cabinet (registered from ``EventsConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from events import permissions as policy
from events import selectors
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.accounts.cabinet import CabinetLink, CabinetSection, register


@register("events-staff", order=40)
def staff_events(user: Any) -> CabinetSection | None:
    if not policy.can_see_staff_pages(user):
        return None
    counts = selectors.cabinet_counts(user)
    if roles.is_federal(user):
        description = _("Отчётов ждут проверки: %(n)s.") % {"n": counts["to_review"]}
    else:
        description = _(
            "Предстоит мероприятий: %(upcoming)s; отчётов нужно подготовить или исправить: %(due)s."
        ) % {"upcoming": counts["upcoming"], "due": counts["reports_due"]}
    return CabinetSection(
        title=_("Семинары, круглые столы и видеомост"),
        icon="calendar-event",
        description=description,
        links=(
            CabinetLink(_("Мероприятия"), reverse("events:staff-list"), icon="list", primary=True),
            CabinetLink(_("Новое мероприятие"), reverse("events:create"), icon="plus-lg"),
            CabinetLink(
                _("Отзыв о программе"), reverse("events:programme-feedback"), icon="chat-quote"
            ),
        ),
    )
