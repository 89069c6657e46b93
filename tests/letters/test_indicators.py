"""The letters' columns of the federal dashboard: letters delivered or printed, publications;
the plan-schedule's tasks they prove."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboard.selectors import build_plan, plan_schedule
from letters import services
from letters.models import Delivery, Letter
from resursnaya_sreda.kernel.services import programme_seed_roadmap
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


def _letter(mailing, letterhead, number, delivery, *, kind="information"):
    return Letter.objects.create(
        mailing=mailing,
        letterhead=letterhead,
        year=2026,
        number=number,
        registered_on=datetime.date(2026, 5, 1),
        kind=kind,
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


def _row(programme, step, number):
    rows = plan_schedule(programme, today=timezone.localdate())
    return next(r for r in rows if r.step.number == step and r.task.number == number)


@pytest.mark.parametrize(
    "step, number, kind",
    [(1, 5, "information"), (1, 6, "media_partner"), (2, 2, "seminar"), (6, 3, "invitation")],
)
def test_a_letter_task_is_done_when_every_site_sent_its_letter(
    programme, site_a, site_b, regional_a, letterhead_a, step, number, kind
):
    """Roadmap 1.5, 1.6, 2.2, 6.3: each site writes its own letters; a refused or pending letter,
    or one of another kind, proves nothing."""
    programme_seed_roadmap(programme=programme, start=timezone.localdate())
    letterhead_b = services.letterhead_for_site(site_b)
    mailing = _mailing(programme, regional_a, letterhead_a, site_a)
    other = next(k for k in ("information", "seminar") if k != kind)
    _letter(mailing, letterhead_a, 701, Delivery.SENT, kind=other)
    _letter(mailing, letterhead_b, 702, Delivery.REFUSED, kind=kind)
    _letter(mailing, letterhead_b, 703, Delivery.PENDING, kind=kind)
    row = _row(programme, step, number)
    assert (row.proved, row.sites_done, row.sites_total) == (False, 0, 2)
    _letter(mailing, letterhead_a, 704, Delivery.SENT, kind=kind)
    row = _row(programme, step, number)
    assert (row.proved, row.sites_done) == (False, 1)
    assert row.state != "done"
    _letter(mailing, letterhead_b, 705, Delivery.PRINT, kind=kind)  # no e-mail: printed
    row = _row(programme, step, number)
    assert (row.state, row.proved, row.sites_done) == ("done", True, 2)
    assert row.proof.link() == f"{reverse('letters:register')}?kind={kind}"


def test_the_publications_task_is_done_when_every_site_recorded_one(
    programme, site_a, site_b, regional_a, regional_b
):
    programme_seed_roadmap(programme=programme, start=timezone.localdate())
    for regional, site in ((regional_a, site_a), (regional_b, site_b)):
        assert _row(programme, 1, 4).state != "done"
        services.campaign_entry_create(
            by=regional,
            site=site,
            data={
                "platform": "official_site",
                "outlet": "Сайт ресурсного центра",
                "title": "О программе",
                "url": f"https://centre.example/news/{site.pk}",
                "published_on": timezone.localdate(),
            },
        )
    assert _row(programme, 1, 4).state == "done"
