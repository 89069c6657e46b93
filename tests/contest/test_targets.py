"""The per-site target of checked entries, in each site's time, and flat query counts."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from contest import deadlines, selectors
from contest.models import Entry, EntryState, Nomination
from practices.models import Questionnaire
from resursnaya_sreda.kernel.models import PilotSite, Region, Target, TargetCode
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _row(rows, site):
    return next(row for row in rows if row.site.pk == site.pk)


def test_a_site_short_of_checked_entries_is_red_as_the_deadline_nears(
    checked_entry, federal, site_a, site_b, contest
):
    contest.deadline = timezone.now() + datetime.timedelta(days=5)
    contest.save()
    rows = selectors.readiness(federal, contest)
    a, b = _row(rows, site_a), _row(rows, site_b)
    assert (a.checked, a.target, a.short_by, a.status) == (1, 2, 1, "danger")
    assert (b.checked, b.short_by, b.status) == (0, 2, "danger")


def test_far_from_the_deadline_a_short_site_is_only_amber(checked_entry, federal, site_a, contest):
    contest.deadline = timezone.now() + datetime.timedelta(days=40)
    contest.save()
    assert _row(selectors.readiness(federal, contest), site_a).status == "warning"


def test_the_target_is_the_programmes_data(checked_entry, federal, site_a, contest, programme):
    Target.objects.filter(programme=programme, code=TargetCode.CONTEST_ENTRIES_PER_SITE).update(
        value=1
    )
    row = _row(selectors.readiness(federal, contest), site_a)
    assert (row.target, row.status) == (1, "success")


def test_days_left_are_counted_in_the_sites_own_zone(monkeypatch):
    deadline = datetime.datetime(2020, 9, 30, 20, 59, tzinfo=datetime.UTC)  # 23:59 in Moscow
    now = datetime.datetime(2020, 9, 29, 15, 30, tzinfo=datetime.UTC)
    assert deadlines.days_left(deadline, ZoneInfo("Europe/Moscow"), now) == 1
    # In Vladivostok (UTC+10) the deadline is already 1 October, and so is "today" there.
    assert deadlines.days_left(deadline, ZoneInfo("Asia/Vladivostok"), now) == 1
    late = datetime.datetime(2020, 9, 29, 14, 30, tzinfo=datetime.UTC)  # 00:30 on 30.09 there
    assert deadlines.days_left(deadline, ZoneInfo("Asia/Vladivostok"), late) == 1
    assert deadlines.days_left(deadline, ZoneInfo("Europe/Kaliningrad"), late) == 1
    # With no site the zone is Moscow's.
    assert deadlines.site_zone(None).key == "Europe/Moscow"


def test_a_sites_zone_is_its_regions(site_a):
    site_a.region.timezone = "Asia/Vladivostok"
    assert deadlines.site_zone(site_a).key == "Asia/Vladivostok"
    moment = datetime.datetime(2020, 9, 30, 20, 59, tzinfo=datetime.UTC)
    assert deadlines.zone_label(deadlines.site_zone(site_a), moment) == "Владивосток, UTC+10"


def test_regional_staff_see_only_their_site(checked_entry, regional_a, site_a, contest):
    rows = selectors.readiness(regional_a, contest)
    assert [row.site.pk for row in rows] == [site_a.pk]


def test_the_readiness_page_shows_sites_in_red_with_days_left(
    login, federal, checked_entry, contest, site_a
):
    # Noon three days ahead in Moscow: «now + 3 days» would read 4 days late in the evening.
    moscow = ZoneInfo("Europe/Moscow")
    day = timezone.localdate(timezone=moscow) + datetime.timedelta(days=3)
    contest.deadline = datetime.datetime.combine(day, datetime.time(12), tzinfo=moscow)
    contest.save()
    page = login(federal).get(reverse("contest:readiness")).content.decode()
    assert f'id="site-{site_a.pk}" class="table-danger"' in page
    assert "осталось 3 дня" in page
    assert "(Москва, UTC+3)" in page  # the site's region keeps Moscow time


@pytest.fixture
def big_programme(programme, contest, special, general, federal):
    """89 pilot sites (every region) and 1,000 entries in every state."""
    sites = [
        PilotSite(programme=programme, region=region_, centre=OrganisationFactory(region=region_))
        for region_ in Region.objects.exclude(pilot_sites__programme=programme)
    ]
    PilotSite.objects.bulk_create(sites)
    sites = list(PilotSite.objects.filter(programme=programme).select_related("region"))
    assert len(sites) == 89
    organisations = [OrganisationFactory(region=site.region) for site in sites]
    questionnaires = Questionnaire.objects.bulk_create(
        Questionnaire(
            programme=programme,
            organisation=organisations[n % 89],
            title=f"Практика {n}",
            state="submitted",
        )
        for n in range(500)
    )
    states = list(EntryState.values)
    nominations = [special, general]
    Entry.objects.bulk_create(
        Entry(
            contest=contest,
            nomination=nominations[n % 2],
            questionnaire=questionnaires[n // 2],
            organisation=questionnaires[n // 2].organisation,
            region_id=questionnaires[n // 2].organisation.region_id,
            pilot_site=sites[(n // 2) % 89],
            title=f"Заявка {n}",
            state=states[n % len(states)],
            sent_on=timezone.localdate() if states[n % len(states)] in ("sent", "result") else None,
        )
        for n in range(1000)
    )
    return sites


def test_the_readiness_page_runs_a_fixed_number_of_queries(
    login, federal, big_programme, django_assert_max_num_queries
):
    client = login(federal)
    client.get(reverse("contest:readiness"))  # warm the session and caches
    with django_assert_max_num_queries(12):
        response = client.get(reverse("contest:readiness"))
    assert response.status_code == 200
    assert response.content.decode().count('<tr id="site-') == 89


def test_the_entries_list_runs_a_fixed_number_of_queries(
    login, federal, big_programme, django_assert_max_num_queries
):
    client = login(federal)
    client.get(reverse("contest:entries"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("contest:entries") + "?page=3")
    assert response.status_code == 200
    assert "Заявка" in response.content.decode()


def test_query_count_does_not_grow_with_the_number_of_entries(
    login,
    federal,
    contest,
    special,
    site_a,
    site_b,
    applicant_organisation,
    django_assert_num_queries,
):
    def add(count):
        questionnaires = Questionnaire.objects.bulk_create(
            Questionnaire(
                programme=contest.programme,
                organisation=applicant_organisation,
                title="П",
                state="submitted",
            )
            for _ in range(count)
        )
        Entry.objects.bulk_create(
            Entry(
                contest=contest,
                nomination=special,
                questionnaire=q,
                organisation=applicant_organisation,
                region=site_a.region,
                pilot_site=site_a,
                title="З",
            )
            for q in questionnaires
        )

    client = login(federal)
    add(3)
    client.get(reverse("contest:readiness"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("contest:readiness"))
        client.get(reverse("contest:entries"))
    add(60)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("contest:readiness"))
        client.get(reverse("contest:entries"))


def test_the_special_nomination_is_one_per_contest(contest, special):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Nomination.objects.create(contest=contest, title="Ещё одна особая", is_special=True)


def test_the_kept_readiness_rows_follow_the_entries_without_being_told(
    login, federal, submitted_entry, regional_a, site_a
):
    """The rows' HTML is kept by the figures it shows: a checked entry changes the figures, so
    the next page shows it at once (nothing has to drop the kept HTML)."""
    from contest import services
    from tests.contest.conftest import tick_all

    client = login(federal)
    url = reverse("contest:readiness")

    def row():
        page = client.get(url).content.decode()
        start = page.index(f'id="site-{site_a.pk}"')
        return page[start : page.index("</tr>", start)]

    assert "<strong>0</strong>" in row()
    assert "<strong>0</strong>" in row()  # the kept HTML, the same figures
    tick_all(submitted_entry, regional_a)
    services.entry_mark_checked(entry=submitted_entry, by=regional_a)
    assert "<strong>1</strong>" in row()


def test_the_site_package_button_posts_through_the_page_form_with_its_token(
    federal, checked_entry, site_a, settings
):
    """The kept rows hold no CSRF token: their ZIP buttons submit the page's own form."""
    import re

    from django.test import Client

    from contest.models import Package

    settings.CELERY_TASK_ALWAYS_EAGER = False  # the package is only queued here
    client = Client(enforce_csrf_checks=True)
    client.force_login(federal, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("contest:readiness")).content.decode()
    rows = page[page.index("<tbody>") : page.index("</tbody>")]
    assert "csrfmiddlewaretoken" not in rows
    action = reverse("contest:site-package", args=[site_a.pk])
    assert f'form="site-package-form" formaction="{action}"' in rows
    form = re.search(r'<form id="site-package-form"[^>]*>(.*?)</form>', page, re.S).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)

    assert client.post(action).status_code == 403  # without the page's token: refused
    response = client.post(action, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#site-{site_a.pk}")
    assert Package.objects.filter(pilot_site=site_a).count() == 1


def test_the_entries_list_counts_each_entrys_open_remarks(
    login, federal, submitted_entry, regional_a
):
    from contest import services

    first = services.field_comment_add(
        entry=submitted_entry, by=regional_a, field="", text="Приложите устав."
    )
    services.field_comment_add(entry=submitted_entry, by=regional_a, field="", text="Нет фото.")
    services.field_comment_add(entry=submitted_entry, by=regional_a, field="", text="Дата?")
    services.field_comment_resolve(comment=first, by=regional_a)
    page = login(federal).get(reverse("contest:entries")).content.decode()
    assert "открытых замечаний: 2" in page
