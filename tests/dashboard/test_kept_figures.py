"""The plan's figures are kept in the cache and counted afresh after a counted record changes."""

from __future__ import annotations

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from dashboard.selectors.figures import figures_version
from events.models import Registration
from tests.dashboard import factories as make
from tests.dashboard.test_plan_page import cell_text

URL = reverse("dashboard:plan")


def test_kept_figures_are_shown_with_the_time_they_were_counted(
    roadmap, site_a, site_b, federal, login
):
    html = login(federal).get(URL).content.decode()
    assert re.search(r"Данные на \d\d\.\d\d\.\d{4}, \d\d:\d\d МСК", html)


def test_a_new_counted_event_shows_on_the_next_load(
    roadmap, site_a, site_b, federal, login, django_capture_on_commit_callbacks
):
    client = login(federal)
    assert cell_text(client.get(URL).content.decode(), "seminars", site_a.pk) == "0/2"
    with django_capture_on_commit_callbacks(execute=True):
        make.event(site_a, attended=15)
    assert cell_text(client.get(URL).content.decode(), "seminars", site_a.pk) == "1/2"


def test_the_figures_are_kept_until_a_change_is_committed(
    roadmap, site_a, site_b, federal, login, django_capture_on_commit_callbacks
):
    client = login(federal)
    event = make.event(site_a, attended=15)
    assert cell_text(client.get(URL).content.decode(), "seminars", site_a.pk) == "1/2"
    # Not committed (the callbacks are dropped): the kept figure is still shown.
    with django_capture_on_commit_callbacks(execute=False):
        Registration.objects.filter(event=event).first().delete()
    assert cell_text(client.get(URL).content.decode(), "seminars", site_a.pk) == "1/2"
    # Committed: one participant fewer than the minimum, the seminar no longer counts.
    with django_capture_on_commit_callbacks(execute=True):
        Registration.objects.filter(event=event).first().delete()
    assert cell_text(client.get(URL).content.decode(), "seminars", site_a.pk) == "0/2"


def test_a_changed_target_shows_on_the_next_load(
    roadmap, site_a, site_b, federal, login, django_capture_on_commit_callbacks
):
    client = login(federal)
    assert cell_text(client.get(URL).content.decode(), "seminars", site_a.pk) == "0/2"
    target = roadmap.targets.get(code="seminars_per_site")
    target.value = 3
    with django_capture_on_commit_callbacks(execute=True):
        target.save()
    assert cell_text(client.get(URL).content.decode(), "seminars", site_a.pk) == "0/3"


def test_unrelated_saves_keep_the_figures(roadmap, federal, django_capture_on_commit_callbacks):
    before = figures_version()
    with django_capture_on_commit_callbacks(execute=True):
        federal.first_name = "Иван"
        federal.save()
    assert figures_version() == before


def test_the_charts_are_kept_and_counted_afresh_after_a_change(
    roadmap, site_a, site_b, federal, login, django_capture_on_commit_callbacks
):
    client = login(federal)
    url = reverse("dashboard:charts")
    day = timezone.localdate() - datetime.timedelta(days=5)
    bar = f"{day:%d.%m} {site_a.region.name}"
    first = client.get(url).content.decode()
    assert re.search(r"Данные на \d\d\.\d\d\.\d{4}, \d\d:\d\d МСК", first)
    assert bar not in first
    with django_capture_on_commit_callbacks(execute=False):
        make.event(site_a, attended=15, day=day)
    assert bar not in client.get(url).content.decode()  # kept until a commit
    with django_capture_on_commit_callbacks(execute=True):
        make.event(site_a, attended=15, day=day)
    assert bar in client.get(url).content.decode()
