"""Writes of step 3: each pilot site's two practices (proposed by the site's staff, confirmed
by a federal coordinator) and the log of the support they get.

The same functions serve the site's pages, the admin and the tests; none takes a request.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practices import permissions as policy
from practices.models import (
    MAX_PRACTICES_PER_SITE,
    PRACTICES_PER_SITE,
    REVIEWABLE_STATES,
    PilotPractice,
    PilotPracticeState,
    Questionnaire,
    SupportEntry,
)
from practices.services.errors import PilotSiteError
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel.models import PilotSite, Programme, Target, TargetCode
from resursnaya_sreda.kernel.plural import plural
from resursnaya_sreda.kernel.uploads import CheckedUpload, atomic_with_files


def practices_per_site(programme: Programme) -> int:
    """How many practices each pilot site chooses: the programme's target, within what the
    database allows; the 2020 cycle's two when the programme sets none."""
    target = Target.objects.filter(
        programme=programme, code=TargetCode.CONTEST_PRACTICES_PER_SITE
    ).first()
    value = target.value if target else PRACTICES_PER_SITE
    return max(1, min(value, MAX_PRACTICES_PER_SITE))


@transaction.atomic
def pilot_practice_propose(
    *, pilot_site: PilotSite, questionnaire: Questionnaire, by: Any
) -> PilotPractice:
    if not policy.can_propose_pilot_practice(by, pilot_site):
        raise PermissionDenied
    site = PilotSite.objects.select_for_update().get(pk=pilot_site.pk)
    if questionnaire.organisation.region_id != site.region_id:
        raise PilotSiteError(_("Предложить можно только практику своего региона."))
    if questionnaire.programme_id != site.programme_id or questionnaire.state not in (
        REVIEWABLE_STATES
    ):
        raise PilotSiteError(_("Предложить можно только поданную анкету этой программы."))
    used = set(site.pilot_practices.values_list("slot", flat=True))
    if site.pilot_practices.filter(questionnaire=questionnaire).exists():
        raise PilotSiteError(_("Эта практика уже предложена."))
    per_site = practices_per_site(site.programme)
    free = [slot for slot in range(1, per_site + 1) if slot not in used]
    if not free:
        raise PilotSiteError(
            _(
                "У пилотной площадки уже %(n)s — столько, сколько требует программа. "
                "Чтобы предложить другую, снимите одну из них."
            )
            % {"n": plural(per_site, _("практика"), _("практики"), _("практик"))}
        )
    practice = PilotPractice(
        pilot_site=site, questionnaire=questionnaire, slot=free[0], proposed_by=by
    )
    practice.full_clean(
        exclude=["pilot_site", "questionnaire", "proposed_by"], validate_unique=False
    )
    practice.save()
    return practice


@transaction.atomic
def pilot_practice_confirm(*, practice: PilotPractice, by: Any) -> PilotPractice:
    if not roles.is_federal(by):
        raise PermissionDenied
    locked = PilotPractice.objects.select_for_update().get(pk=practice.pk)
    if locked.state == PilotPracticeState.CONFIRMED:
        raise PilotSiteError(_("Практика уже подтверждена."))
    locked.state = PilotPracticeState.CONFIRMED
    locked.confirmed_by = by
    locked.confirmed_at = timezone.now()
    locked.save(update_fields=["state", "confirmed_by", "confirmed_at"])
    return locked


@transaction.atomic
def pilot_practice_remove(*, practice: PilotPractice, by: Any) -> None:
    if not policy.can_propose_pilot_practice(by, practice.pilot_site):
        raise PermissionDenied
    if practice.state == PilotPracticeState.CONFIRMED and not roles.is_federal(by):
        raise PilotSiteError(_("Подтверждённую практику снимает только федеральный координатор."))
    practice.delete()


@atomic_with_files()
def support_entry_add(
    *,
    practice: PilotPractice,
    by: Any,
    date: datetime.date,
    kind: str,
    text: str,
    upload: CheckedUpload | None = None,
) -> SupportEntry:
    """A line of the support log, with an optional file (checked by the form's upload field)."""
    if not policy.can_propose_pilot_practice(by, practice.pilot_site):
        raise PermissionDenied
    entry = SupportEntry(
        practice=practice, date=date, kind=kind, text=(text or "").strip(), author=by
    )
    if upload is not None:
        entry.file = upload
        entry.file_name = upload.display_name
    entry.full_clean(exclude=["practice", "author", "file"])
    entry.save()
    return entry
