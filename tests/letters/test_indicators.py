"""The letters' columns of the federal dashboard: letters delivered or printed, publications."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboard.selectors import build_plan
from letters import services
from letters.models import Delivery, Letter
from tests.letters.factories import bulk_addressees

pytestmark = pytest.mark.django_db


def _mailing(programme, regional, letterhead, site):
    people = bulk_addressees(site, 1)
    return services.mailing_create(
        by=regional,
        letterhead=letterhead,
        programme=programme,
        kind="information",
        title="Рассылка",
        text=services.template_for(programme=programme, site=None, kind="information"),
        targets=[services.Target.of(people[0])],
    )


def _letter(mailing, letterhead, number, delivery):
    return Letter.objects.create(
        mailing=mailing,
        letterhead=letterhead,
        year=2026,
        number=number,
        registered_on=datetime.date(2026, 5, 1),
        kind="information",
        organisation=f"Администрация {number}",
        subject="Тема",
        delivery=delivery,
    )


def test_letters_count_when_delivered_or_printed_and_publications_per_site(
    programme, site_a, site_b, regional_a, letterhead_a
):
    mailing = _mailing(programme, regional_a, letterhead_a, site_a)
    _letter(mailing, letterhead_a, 501, Delivery.SENT)
    _letter(mailing, letterhead_a, 502, Delivery.PRINT)
    _letter(mailing, letterhead_a, 503, Delivery.REFUSED)  # the server refused it
    _letter(mailing, letterhead_a, 504, Delivery.PENDING)  # not sent yet
    services.campaign_entry_create(
        by=regional_a,
        site=site_a,
        data={
            "platform": "social",
            "outlet": "ВКонтакте: ресурсный центр",
            "title": "Семинар о практиках",
            "url": "https://vk.com/wall-1_1",
            "published_on": timezone.localdate(),
        },
    )
    figures = build_plan(programme, [site_a, site_b], today=timezone.localdate()).figures()
    assert figures["letters-sent"] == {str(site_a.pk): 2, str(site_b.pk): 0, "total": 2}
    assert figures["letters-campaign"] == {str(site_a.pk): 1, str(site_b.pk): 0, "total": 1}


def test_the_letters_cell_opens_the_letters_it_counts(
    login, federal, programme, site_a, regional_a, letterhead_a
):
    mailing = _mailing(programme, regional_a, letterhead_a, site_a)
    sent = _letter(mailing, letterhead_a, 601, Delivery.SENT)
    _letter(mailing, letterhead_a, 602, Delivery.REFUSED)
    response = login(federal).get(
        reverse("dashboard:cell", args=["letters-sent"]), {"site": site_a.pk}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("letters:letter-pdf", args=[sent.pk]) in page
    assert "Администрация 601" in page
    assert "Администрация 602" not in page
