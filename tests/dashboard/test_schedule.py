"""The plan-schedule: tasks done by a record or by a staff mark with a note; late tasks; the
timeline with today's line."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboard import selectors, services
from dashboard.models import TaskMark
from resursnaya_sreda.kernel.indicators import proofs
from resursnaya_sreda.kernel.models import RoadmapTask
from tests.dashboard import factories as make

URL = reverse("dashboard:schedule")


def row_for(rows, step, number):
    return next(r for r in rows if r.step.number == step and r.task.number == number)


def test_a_record_proves_a_task(roadmap, site_a):
    today = timezone.localdate()
    rows = selectors.plan_schedule(roadmap, today=today)
    assert row_for(rows, 1, 3).state == "open"
    make.questionnaire(site_a)
    rows = selectors.plan_schedule(roadmap, today=today)
    assert row_for(rows, 1, 3).state == "done"
    assert row_for(rows, 1, 3).proved


def test_an_accepted_seminar_report_proves_task_2_7(roadmap, site_a):
    make.event(site_a, state="report_submitted")
    rows = selectors.plan_schedule(roadmap, today=timezone.localdate())
    assert row_for(rows, 2, 7).state != "done"
    make.event(site_a)
    rows = selectors.plan_schedule(roadmap, today=timezone.localdate())
    assert row_for(rows, 2, 7).state == "done"


def test_an_announced_seminar_proves_how_participants_come_task_2_5(roadmap, site_a):
    """The announcement publishes the registration mode (online, free entry, recruited)."""
    make.event(site_a, state="planned", attended=0)
    assert row_for(selectors.plan_schedule(roadmap, today=timezone.localdate()), 2, 5).state != (
        "done"
    )
    make.event(site_a, state="announced", attended=0)
    assert row_for(selectors.plan_schedule(roadmap, today=timezone.localdate()), 2, 5).state == (
        "done"
    )


def test_a_task_whose_step_closed_undone_is_late(roadmap):
    step1 = roadmap.steps.get(number=1)
    rows = selectors.plan_schedule(roadmap, today=step1.ends_on + datetime.timedelta(days=1))
    assert row_for(rows, 1, 1).state == "late"
    rows = selectors.plan_schedule(roadmap, today=step1.starts_on - datetime.timedelta(days=1))
    assert row_for(rows, 1, 1).state == "ahead"


def test_staff_mark_done_with_a_note(roadmap, federal, login):
    task = RoadmapTask.objects.get(step__programme=roadmap, step__number=1, number=1)
    client = login(federal)
    response = client.post(reverse("dashboard:task-mark", args=[task.pk]), {"note": "Приказ №5"})
    assert response.status_code == 302
    html = client.get(URL).content.decode()
    assert "Приказ №5" in html
    assert "Федеральная Фаина Фёдоровна" in html
    rows = selectors.plan_schedule(roadmap, today=timezone.localdate())
    assert row_for(rows, 1, 1).state == "done"


def test_an_empty_note_is_refused_beside_the_field(roadmap, federal, login):
    task = RoadmapTask.objects.get(step__programme=roadmap, step__number=1, number=1)
    response = login(federal).post(reverse("dashboard:task-mark", args=[task.pk]), {"note": " "})
    assert response.status_code == 400
    assert "Обязательное поле" in response.content.decode()
    assert not TaskMark.objects.exists()


def test_marking_twice_is_refused(roadmap, federal):
    task = RoadmapTask.objects.get(step__programme=roadmap, step__number=1, number=2)
    services.task_mark_done(by=federal, task=task, note="Описание разослано.")
    with pytest.raises(Exception, match="уже отмечена"):
        services.task_mark_done(by=federal, task=task, note="Ещё раз.")


def test_regional_staff_see_the_schedule_but_may_not_mark(roadmap, regional_a, login):
    task = RoadmapTask.objects.get(step__programme=roadmap, step__number=1, number=1)
    client = login(regional_a)
    html = client.get(URL).content.decode()
    assert "Отметить выполненной" not in html
    assert (
        client.post(reverse("dashboard:task-mark", args=[task.pk]), {"note": "x"}).status_code
        == 403
    )


def test_page_shows_owner_due_date_and_the_timeline(roadmap, federal, login):
    html = login(federal).get(URL).content.decode()
    step1 = roadmap.steps.get(number=1)
    assert step1.ends_on.strftime("%d.%m.%Y") in html
    assert "Федеральный ресурсный центр" in html or "Пилотная площадка" in html
    assert "<svg" in html and "сегодня, " in html
    assert "Таблица с данными графика" in html


def test_a_task_every_site_does_is_done_when_every_site_has_its_record(
    roadmap, site_a, site_b, federal, login
):
    today = timezone.localdate()
    make.event(site_a)  # site A's seminar report accepted
    make.event(site_b, state="report_submitted")
    row = row_for(selectors.plan_schedule(roadmap, today=today), 2, 7)
    assert (row.proved, row.sites_done, row.sites_total) == (False, 1, 2)
    assert row.state != "done"
    html = login(federal).get(URL).content.decode()
    assert "площадок с записью: 1 из 2" in html
    make.event(site_b)
    row = row_for(selectors.plan_schedule(roadmap, today=today), 2, 7)
    assert (row.state, row.proved, row.sites_done) == ("done", True, 2)
    assert "на всех площадках (2)" in login(federal).get(URL).content.decode()
    # A task of the federal centre is still proved by one record, with no count of sites.
    assert row_for(selectors.plan_schedule(roadmap, today=today), 1, 3).sites_total is None


def test_a_proof_names_either_a_record_or_the_sites():
    from resursnaya_sreda.kernel.indicators import TaskProof

    with pytest.raises(ValueError, match="exactly one of exists= or sites="):
        TaskProof(step=9, task=1, label="x")
    with pytest.raises(ValueError, match="exactly one of exists= or sites="):
        TaskProof(step=9, task=1, label="x", exists=lambda p: True, sites=lambda p: [])


def test_a_per_site_proof_reads_one_row_per_site_not_per_record(roadmap, site_a, site_b):
    """A model's default ordering inside SELECT DISTINCT would return every record (at national
    scale, 1,300 seminars or 3,500 letters for 89 sites)."""
    for _ in range(3):
        make.event(site_a)
    make.event(site_b)
    with CaptureQueriesContext(connection) as ctx:
        assert proofs()[(2, 7)].site_ids(roadmap) == {site_a.pk, site_b.pk}
    (query,) = ctx.captured_queries
    with connection.cursor() as cursor:
        cursor.execute(query["sql"])
        assert len(cursor.fetchall()) == 2


@pytest.mark.parametrize(
    "key",
    sorted(key for key, proof in proofs().items() if proof.sites is not None),
    ids=lambda key: f"task-{key[0]}.{key[1]}",
)
def test_every_per_site_proof_is_one_distinct_query_without_ordering(roadmap, key):
    with CaptureQueriesContext(connection) as ctx:
        proofs()[key].site_ids(roadmap)
    (query,) = ctx.captured_queries
    assert "DISTINCT" in query["sql"]
    assert "ORDER BY" not in query["sql"]
