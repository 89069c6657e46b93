"""The plan-against-actual page: what it shows, its drill-downs, its colours and its cost."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboard.selectors import build_plan, colour, expected_by
from events.models import EventState
from resursnaya_sreda.kernel.models import Region
from tests.dashboard import factories as make
from tests.factories import PilotSiteFactory
from videos.models import StoryState

URL = reverse("dashboard:plan")


def cell_text(html: str, key: str, site_pk: int) -> str:
    match = re.search(
        rf'data-key="{key}" data-site="{site_pk}">\s*<a[^>]*><span class="actual">(\d+)</span>'
        rf"(?:<small> / (\d+)</small>)?",
        html,
    )
    assert match, f"no cell {key} for site {site_pk}"
    return f"{match.group(1)}/{match.group(2)}"


def test_federal_sees_every_site_with_actual_against_target(
    roadmap, site_a, site_b, federal, login
):
    make.event(site_a, attended=15)
    make.event(site_a, attended=14)
    html = login(federal).get(URL).content.decode()
    assert cell_text(html, "seminars", site_a.pk) == "1/2"
    assert cell_text(html, "seminars", site_b.pk) == "0/2"
    assert "Программа, всего" in html
    assert "Татарстан" in html and "Дагестан" in html
    # The definitions are written on the page.
    assert "Семинар с 14 участниками" in html
    assert "Красный — окно шага закрыто" in html


def test_regional_staff_see_only_their_site(roadmap, site_a, site_b, regional_a, login):
    make.event(site_b, attended=20)
    html = login(regional_a).get(URL).content.decode()
    assert f'data-site="{site_a.pk}"' in html
    assert f'data-site="{site_b.pk}"' not in html
    assert "Дагестан" not in html
    assert "Показана только ваша площадка" in html


def test_the_total_row_sums_the_sites(roadmap, site_a, site_b, federal, login):
    make.event(site_a, attended=15)
    make.event(site_b, attended=15)
    make.event(site_b, attended=30)
    html = login(federal).get(URL).content.decode()
    total = re.search(
        r'data-key="seminars">\s*<a[^>]*><span class="actual">(\d+)</span>'
        r"<small> / (\d+)</small>",
        html,
    )
    assert total.groups() == ("3", "20")


@pytest.mark.parametrize(
    "key, make_records",
    [
        ("seminars", lambda s: [make.event(s, attended=15), make.event(s, attended=14)]),
        (
            "stories-published",
            lambda s: [make.story(s), make.story(s, state="scheduled", number=2)],
        ),  # noqa: E501
        ("questionnaires-received", lambda s: [make.questionnaire(s), make.questionnaire(s)]),
        ("contest-entries", lambda s: [make.entry(s), make.entry(s, state="returned")]),
        ("seminar-participants", lambda s: [make.event(s, attended=16)]),
    ],
)
def test_drill_down_lists_exactly_what_the_cell_counts(
    roadmap, site_a, site_b, federal, login, key, make_records
):
    make_records(site_a)
    make_records(site_b)
    client = login(federal)
    plan = build_plan(roadmap, [site_a, site_b], today=timezone.localdate())
    for site in (site_a, site_b):
        page = client.get(reverse("dashboard:cell", args=[key]), {"site": site.pk})
        html = page.content.decode()
        assert html.count('class="record-row"') == plan.cell(key, site.pk).actual
    total = client.get(reverse("dashboard:cell", args=[key])).content.decode()
    assert total.count('class="record-row"') == plan.cell(key, None).actual


def test_drill_down_links_to_the_record_and_its_evidence(
    roadmap, site_a, federal, regional_a, login
):
    from events import services as event_services
    from tests.events.conftest import checked_photo, checked_scan

    seminar = make.event(site_a, attended=15, title="Семинар в Казани", state=EventState.HELD)
    scan = event_services.scan_add(event=seminar, by=regional_a, upload=checked_scan())
    for _n in range(2):
        event_services.photo_add(event=seminar, by=regional_a, upload=checked_photo())
    seminar.state = EventState.REPORT_ACCEPTED  # evidence is added while the event is held
    seminar.save(update_fields=["state"])
    bare = make.event(site_a, attended=15, title="Семинар без фото")
    client = login(federal)
    html = client.get(reverse("dashboard:cell", args=["seminars"]), {"site": site_a.pk})
    html = html.content.decode()
    page = reverse("events:staff-detail", args=[seminar.pk])
    assert page in html and "Семинар в Казани" in html
    assert f'<a href="{scan.file.url}">Скан листа: {scan.display_name}</a>' in html
    assert f'<a href="{page}#photos">Фотографии: 2</a>' in html
    assert f'<a href="{page}#participants">Присутствие участников</a>' in html
    assert f'<a href="{page}#report">Отчёт</a>' in html
    bare_page = reverse("events:staff-detail", args=[bare.pk])
    assert f"{bare_page}#photos" not in html and f"{bare_page}#report" in html
    # The anchors are on the event's page.
    detail = client.get(page).content.decode()
    for anchor in ('id="photos"', 'id="participants"', 'id="report"', 'id="scans"'):
        assert anchor in detail


def test_drill_down_pages_number_the_records_and_a_page_past_the_end_is_the_last(
    roadmap, site_a, federal, login, monkeypatch
):
    monkeypatch.setattr("dashboard.views.DRILL_PAGE_SIZE", 2)
    seminars = [make.event(site_a, attended=15, title=f"Семинар №{n}") for n in (1, 2, 3)]
    client = login(federal)
    url = reverse("dashboard:cell", args=["seminars"])
    first = client.get(url).content.decode()
    assert "Семинар №1" in first and "Семинар №2" in first and "Семинар №3" not in first
    assert "Посчитано записей: 3" in first and "1 из 2" in first
    for asked in ("2", "99"):
        last = client.get(url, {"page": asked}).content.decode()
        assert last.count("record-row") == 1 and "Семинар №3" in last
        assert "<td>3</td>" in last and "2 из 2" in last
    assert reverse("events:staff-detail", args=[seminars[2].pk]) in last


def test_one_site_asked_for_has_no_site_column_and_regional_staff_see_theirs(
    roadmap, site_a, federal, regional_a, login
):
    make.event(site_a, attended=15)
    url = reverse("dashboard:cell", args=["seminars"])
    one_site = login(federal).get(url, {"site": site_a.pk}).content.decode()
    assert 'scope="col">Площадка<' not in one_site
    # Regional staff see the same records (their one site) in the shape of the total row.
    theirs = login(regional_a).get(url).content.decode()
    assert 'scope="col">Площадка<' in theirs and f"<td>{site_a.region.name}</td>" in theirs


def test_another_sites_drill_down_is_404_for_regional_staff(
    roadmap, site_a, site_b, regional_a, login
):
    client = login(regional_a)
    url = reverse("dashboard:cell", args=["seminars"])
    assert client.get(url, {"site": site_b.pk}).status_code == 404
    assert client.get(url, {"site": site_a.pk}).status_code == 200
    assert client.get(reverse("dashboard:cell", args=["no-such"])).status_code == 404


# --- Colours against dates ----------------------------------------------------------------


def test_pace_follows_the_window(steps):
    step = steps[2]  # seminars
    days = (step.ends_on - step.starts_on).days + 1
    assert expected_by(step, 2, step.starts_on - datetime.timedelta(days=1)) == 0
    assert expected_by(step, 2, step.starts_on) == 0
    assert expected_by(step, 2, step.starts_on + datetime.timedelta(days=days // 2)) == 1
    assert expected_by(step, 2, step.ends_on) == 2


def test_colours_against_dates(steps):
    step = steps[2]
    middle = step.starts_on + datetime.timedelta(days=(step.ends_on - step.starts_on).days // 2 + 1)
    assert colour(2, 2, step, step.starts_on) == "met"
    assert colour(0, 2, step, step.starts_on - datetime.timedelta(days=1)) == "ahead"
    assert colour(0, 2, step, step.starts_on) == "on_track"
    assert colour(0, 2, step, middle) == "behind"
    assert colour(1, 2, step, middle) == "on_track"
    assert colour(1, 2, step, step.ends_on) == "behind"
    assert colour(1, 2, step, step.ends_on + datetime.timedelta(days=1)) == "failed"
    assert colour(5, None, step, step.ends_on) == "none"


def test_the_page_colours_a_closed_window_red(roadmap, steps, site_a, federal, login):
    step = steps[2]
    step.starts_on = timezone.localdate() - datetime.timedelta(days=100)
    step.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    step.save()
    make.event(site_a, attended=15)
    html = login(federal).get(URL).content.decode()
    pattern = rf'<td class="[^"]*plan-(\w+)" data-key="seminars" data-site="{site_a.pk}"'
    cell = re.search(pattern, html)
    assert cell.group(1) == "failed"
    assert "text-bg-danger plan-cell plan-failed" in html


# --- A fixed number of queries at 10 and at 89 sites ---------------------------------------


def _sites(programme, n):
    regions = list(Region.objects.order_by("code")[:n])
    assert len(regions) == n
    sites = [PilotSiteFactory(programme=programme, region=region) for region in regions]
    for index, site in enumerate(sites):
        make.event(site, attended=15 + index % 3, state=EventState.REPORT_ACCEPTED)
        make.questionnaire(site, admitted=True, best=index % 2 == 0)
        make.story(site)
    return sites


def test_query_count_does_not_grow_with_sites(roadmap, federal, login, django_assert_num_queries):
    client = login(federal)
    sites = _sites(roadmap, 10)
    client.get(URL)  # warm the session and caches
    forget_all_figures()
    with CaptureQueriesContext(connection) as small:
        response = client.get(URL)
    assert response.content.decode().count('class="text-bg-') > 10
    with CaptureQueriesContext(connection) as kept_small:
        client.get(URL)
    more = _more_sites(roadmap, sites, 89)
    assert len(more) == 89
    # One grouped query per indicator, plus the page's own: the same at 89 sites as at 10.
    assert len(small) < 40
    forget_all_figures()
    with django_assert_num_queries(len(small)):
        response = client.get(URL)
    assert response.content.decode().count('data-key="seminars" data-site=') == 89
    # With the figures kept, fewer queries, and again the same at 89 sites as at 10.
    assert len(kept_small) < len(small)
    with django_assert_num_queries(len(kept_small)):
        client.get(URL)


def forget_all_figures():
    from dashboard.selectors.figures import FIGURES

    FIGURES.renew()


def _more_sites(programme, sites, n):
    taken = {s.region_id for s in sites}
    extra = [r for r in Region.objects.order_by("code") if r.pk not in taken][: n - len(sites)]
    for region in extra:
        site = PilotSiteFactory(programme=programme, region=region)
        make.event(site, attended=15)
        make.questionnaire(site, admitted=True)
        sites.append(site)
    return sites


def test_a_figure_that_can_no_longer_grow_is_red_before_the_window_closes(roadmap, site_a, site_b):
    bridge = make.videobridge(roadmap, [site_a], connected=True)
    from events.models import BridgeSite

    BridgeSite.objects.create(event=bridge, pilot_site=site_b, connected=False)
    plan = build_plan(roadmap, [site_a, site_b], today=timezone.localdate())
    assert plan.cell("videobridge", site_a.pk).state == "met"
    assert plan.cell("videobridge", site_b.pk).state == "failed"


def test_contest_entries_are_red_after_the_deadline_when_the_waiting_ones_cannot_fill_it(
    roadmap, site_a, site_b
):
    """After the deadline only the entries waiting for their check can still count: 1 checked
    and 1 waiting may still make 2; 1 waiting alone, or nothing, can no longer."""
    from contest.models import EntryState

    site_c = PilotSiteFactory(programme=roadmap, region=Region.objects.get(code="66"))
    contest, _nomination = make.contest_for(roadmap)
    contest.deadline = timezone.now() - datetime.timedelta(days=1)
    contest.save(update_fields=["deadline"])
    make.entry(site_a, state=EntryState.CHECKED)
    make.entry(site_a, state=EntryState.SUBMITTED)  # sent in time, waiting for its check
    make.entry(site_b, state=EntryState.SUBMITTED)
    plan = build_plan(roadmap, [site_a, site_b, site_c], today=timezone.localdate())
    assert plan.cell("contest-entries", site_a.pk).state != "failed"
    assert plan.cell("contest-entries", site_b.pk).state == "failed"
    assert plan.cell("contest-entries", site_c.pk).state == "failed"
    # The total can still reach 2 + 1 + 1 of 6: no.
    assert plan.cell("contest-entries", None).state == "failed"
    contest.deadline = timezone.now() + datetime.timedelta(days=1)
    contest.save(update_fields=["deadline"])
    plan = build_plan(roadmap, [site_a, site_b, site_c], today=timezone.localdate())
    assert plan.cell("contest-entries", site_c.pk).state != "failed"


@pytest.mark.parametrize(
    "key, make_one, row",
    [
        ("seminars", lambda s: make.event(s, attended=15), "record-row"),
        ("questionnaires-received", lambda s: make.questionnaire(s), "record-row"),
        ("stories-published", lambda s: make.story(s, number=next(_story_numbers)), "record-row"),
        # Records the cell leaves out, listed under its records with why.
        (
            "seminars",
            lambda s: make.event(s, attended=20, state=EventState.REPORT_SUBMITTED),
            "uncounted-row",
        ),
        (
            "stories-published",
            lambda s: make.story(s, state=StoryState.SCHEDULED, number=next(_story_numbers)),
            "uncounted-row",
        ),
    ],
)
def test_drill_down_costs_the_same_for_3_and_12_records(
    roadmap,
    site_a,
    federal,
    login,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
    key,
    make_one,
    row,
):
    client = login(federal)
    url = reverse("dashboard:cell", args=[key])
    client.get(url, {"site": site_a.pk})
    # Each load after a committed change counts and draws the page afresh.
    with django_capture_on_commit_callbacks(execute=True):
        for _n in range(3):
            make_one(site_a)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, {"site": site_a.pk}).content.decode().count(row) == 3
    with django_capture_on_commit_callbacks(execute=True):
        for _n in range(9):
            make_one(site_a)
    with django_assert_num_queries(len(small)):
        assert client.get(url, {"site": site_a.pk}).content.decode().count(row) == 12
    # Then the count and the page are kept: a second load reads neither.
    with CaptureQueriesContext(connection) as kept:
        assert client.get(url, {"site": site_a.pk}).content.decode().count(row) == 12
    assert len(kept) < len(small)


_story_numbers = iter(range(1, 1000))


def test_a_cell_lists_the_records_it_leaves_out_with_why(
    roadmap, site_a, site_b, federal, regional_a, login, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        counted = make.event(site_a, attended=15, title="Засчитан")
        make.event(site_a, attended=14, title="Четырнадцать")
        make.event(site_a, attended=20, state=EventState.REPORT_SUBMITTED, title="На проверке")
        make.event(site_a, attended=20, state=EventState.REPORT_RETURNED, title="Возвращён")
        make.event(site_a, attended=20, state=EventState.HELD, title="Без отчёта")
        make.event(site_a, attended=0, state=EventState.ANNOUNCED, title="Впереди")
        make.event(site_b, attended=20, state=EventState.HELD, title="Чужой")
    url = reverse("dashboard:cell", args=["seminars"])
    html = login(federal).get(url, {"site": site_a.pk}).content.decode()
    left_out = html.split('id="uncounted-title"')[1]
    assert "Не засчитано записей того же рода: 4" in left_out
    for title, reason in (
        ("Четырнадцать", "присутствовало 14 при минимуме 15"),
        ("На проверке", "отчёт на проверке в федеральном центре"),
        ("Возвращён", "отчёт возвращён на доработку"),
        ("Без отчёта", "отчёт ещё не отправлен в федеральный центр"),
    ):
        row = next(r for r in left_out.split("uncounted-row")[1:] if title in r)
        assert reason in row
    for absent in ("Засчитан", "Впереди", "Чужой"):
        assert absent not in left_out  # counted, not held yet, another site
    assert reverse("events:staff-detail", args=[counted.pk]) in html.split("uncounted-title")[0]
    # Regional staff see what their own site left out, nobody else's.
    theirs = login(regional_a).get(url).content.decode()
    assert "Без отчёта" in theirs and "Чужой" not in theirs
    # The total row's page names the site of each.
    total = login(federal).get(url).content.decode().split('id="uncounted-title"')[1]
    assert "Не засчитано записей того же рода: 5" in total
    assert site_b.region.name in total


def test_practices_stories_and_entries_left_out_say_why(roadmap, site_a, federal, login):
    from contest.models import EntryState

    make.pilot_practice(site_a, slot=1, confirmed=False)
    make.pilot_practice(site_a, slot=2, supported=False)
    make.story(site_a, state=StoryState.SCHEDULED)
    make.entry(site_a, state=EntryState.SUBMITTED)
    client = login(federal)
    expected = {
        "pilot-practices": (
            "ждёт подтверждения федерального центра",
            "в журнале поддержки нет записей",
        ),
        "stories-published": ("ещё не опубликован: в графике выпуска",),
        "contest-entries": ("не проверена: на проверке",),
    }
    for key, reasons in expected.items():
        html = client.get(reverse("dashboard:cell", args=[key]), {"site": site_a.pk})
        html = html.content.decode()
        assert "Посчитано записей: 0" in html
        for reason in reasons:
            assert reason in html.split('id="uncounted-title"')[1]


def test_a_cell_whose_kind_names_nothing_left_out_has_no_such_list(roadmap, site_a, federal, login):
    make.questionnaire(site_a)
    url = reverse("dashboard:cell", args=["questionnaires-received"])
    html = login(federal).get(url, {"site": site_a.pk}).content.decode()
    assert "uncounted-title" not in html
