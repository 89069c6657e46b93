"""Step 5 in the programme's figures: contest entries checked by the regional centre.

Registered from ``ContestConfig.ready``; see ``resursnaya_sreda.kernel.indicators``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contest.models import COUNTED_STATES, Contest, Entry, EntryState
from resursnaya_sreda.kernel.indicators import (
    Indicator,
    TaskProof,
    per_site,
    register,
    register_proof,
)
from resursnaya_sreda.kernel.models import TargetCode


def _room_after_deadline(programme: Any, sites: list[Any]) -> dict[int, int]:
    """After the contest's deadline no entry can be submitted: a site's figure can grow only by
    its entries sent in time and still waiting for their check (none: it can no longer grow).
    Before the deadline there is no such limit."""
    contest = Contest.objects.filter(programme=programme).order_by("-edition").first()
    if contest is None or contest.deadline is None or timezone.now() <= contest.deadline:
        return {}
    waiting = dict(
        Entry.objects.filter(
            contest=contest, state__in=[EntryState.SUBMITTED], pilot_site__in=sites
        )
        .values("pilot_site_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("pilot_site_id", "n")
    )
    return {site.pk: waiting.get(site.pk, 0) for site in sites}


register(
    Indicator(
        key="contest-entries",
        step=5,
        title=_("Конкурсные заявки проверены"),
        short_title=_("Заявки на конкурс"),
        definition=_(
            "Заявки практик площадки на конкурс, проверенные региональным центром (или уже "
            "отправленные организатору, или с записанным итогом). Черновики, заявки на "
            "проверке и возвращённые не считаются."
        ),
        records=lambda programme: Entry.objects.filter(
            contest__programme=programme, state__in=COUNTED_STATES
        ),
        uncounted=lambda programme: Entry.objects.filter(contest__programme=programme).exclude(
            state__in=COUNTED_STATES
        ),
        why_not=lambda entry: (
            str(_("не проверена: %(state)s")) % {"state": str(entry.get_state_display()).lower()}
        ),
        site="pilot_site",
        target=per_site(TargetCode.CONTEST_ENTRIES_PER_SITE),
        link=lambda entry: reverse("contest:entry", args=[entry.pk]),
        describe=lambda entry: f"{entry.title} — {entry.nomination.title}",
        related=("nomination",),
        room=_room_after_deadline,
        dated="checked_at",
        noun=("конкурсная заявка", "конкурсные заявки", "конкурсных заявок"),
        order=10,
    )
)

register_proof(
    TaskProof(
        step=5,
        task=1,
        label=_("Заявки площадок проверены региональными центрами"),
        sites=lambda programme: Entry.objects.filter(
            contest__programme=programme, state__in=COUNTED_STATES
        ).values_list("pilot_site_id", flat=True),
        url=lambda: reverse("contest:entries"),
    )
)
