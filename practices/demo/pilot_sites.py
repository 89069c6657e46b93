"""Demo records of step 3, for ``manage.py demo_data`` (after the commission).

Every pilot site but the last has proposed its two practices for replication and the contest,
the federal centre has confirmed them, and each has a support log of one to three entries
(methodological, organisational, informational). The last site's region has only one practice
to choose (its other NGO withdrew): the site proposed it and it waits for the federal centre, so
that site's page shows a practice to confirm and an empty slot. Through the services, as the
regional centre would. Idempotent: a site that already has practices is left as it is.
"""

from __future__ import annotations

import datetime

from django.db.models import F
from django.utils import timezone

from practices import services
from practices.models import REVIEWABLE_STATES, Questionnaire, SupportKind
from resursnaya_sreda.accounts.models import Role, User
from resursnaya_sreda.kernel.models import Programme

SUPPORT = (
    (
        40,
        SupportKind.METHODOLOGICAL,
        "Консультация: как описать результаты практики и подготовить её к тиражированию.",
    ),
    (
        25,
        SupportKind.ORGANISATIONAL,
        "Помогли договориться с администрацией о площадке для семинара и собрать согласия.",
    ),
    (
        10,
        SupportKind.INFORMATIONAL,
        "Публикация о практике на сайте и в сообществе регионального ресурсного центра.",
    ),
)


def populate(programme: Programme, federal: User | None) -> None:
    per_site = services.practices_per_site(programme)
    sites = list(programme.pilot_sites.select_related("region").order_by("region__name"))
    today = timezone.localdate()
    for index, site in enumerate(sites):
        if site.pilot_practices.exists():
            continue
        regional = User.objects.filter(
            memberships__role=Role.REGIONAL, memberships__pilot_site=site
        ).first()
        if regional is None:
            continue
        candidates = Questionnaire.objects.filter(
            programme=programme, organisation__region=site.region, state__in=REVIEWABLE_STATES
        ).order_by(F("published_at").desc(nulls_last=True), "pk")[:per_site]
        for slot, questionnaire in enumerate(candidates):
            practice = services.pilot_practice_propose(
                pilot_site=site, questionnaire=questionnaire, by=regional
            )
            if federal is not None and site != sites[-1]:
                services.pilot_practice_confirm(practice=practice, by=federal)
            for days, kind, text in SUPPORT[: 1 + (index + slot) % len(SUPPORT)]:
                services.support_entry_add(
                    practice=practice,
                    by=regional,
                    date=today - datetime.timedelta(days=days),
                    kind=kind,
                    text=text,
                )
