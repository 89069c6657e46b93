"""The letters demo: every site has addressees, mailings, seminar letters with answers,
invitations and campaign entries; a second run adds nothing."""

from __future__ import annotations

import pytest

from events import demo as events_demo
from events.models import Event
from letters import demo
from letters.models import Addressee, CampaignEntry, Letter, LetterTemplate, Mailing, Reply
from practices import demo as practices_demo
from resursnaya_sreda.kernel import demo as kernel_demo

pytestmark = pytest.mark.django_db


def test_demo_letters_cover_every_kind_and_are_not_duplicated():
    programme = kernel_demo.populate().programme
    practices_demo.populate(programme)
    events_demo.populate(programme)
    demo.populate(programme)
    sites = programme.pilot_sites.count()
    assert Addressee.objects.values("region").distinct().count() == sites
    assert LetterTemplate.objects.filter(pilot_site__isnull=True).count() == 5
    assert set(Letter.objects.values_list("kind", flat=True)) >= {
        "information",
        "media_partner",
        "seminar",
    }
    assert Letter.objects.filter(delivery="print").exists()
    reply = Reply.objects.select_related("letter").first()
    assert reply is not None and reply.scan
    event = Event.objects.get(pk=reply.event_id)
    assert event.partner_administration == reply.letter.organisation
    assert CampaignEntry.objects.count() == 3 * sites
    counts = (Mailing.objects.count(), Letter.objects.count(), Addressee.objects.count())
    demo.populate(programme)
    assert (Mailing.objects.count(), Letter.objects.count(), Addressee.objects.count()) == counts
