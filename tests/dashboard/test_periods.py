"""The freeze form's periods: the programme so far, the programme's quarters and calendar
quarters, chosen instead of typing dates; a snapshot of exactly a quarter is named after it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboard import periods, services
from dashboard.models import Snapshot

D = datetime.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 10, 16), 3, D(2027, 1, 16)),
        (D(2026, 10, 31), 4, D(2027, 2, 28)),
        (D(2027, 11, 30), 3, D(2028, 2, 29)),
        (D(2026, 12, 1), 1, D(2027, 1, 1)),
        (D(2026, 1, 31), 0, D(2026, 1, 31)),
    ],
)
def test_months_are_added_on_the_calendar(day, months, expected):
    assert periods.add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 1, 1), (D(2026, 1, 1), D(2026, 3, 31))),
        (D(2026, 5, 31), (D(2026, 4, 1), D(2026, 6, 30))),
        (D(2026, 9, 30), (D(2026, 7, 1), D(2026, 9, 30))),
        (D(2026, 11, 30), (D(2026, 10, 1), D(2026, 12, 31))),
    ],
)
def test_calendar_quarters(day, expected):
    assert periods.quarter_of(day) == expected


def test_programme_quarters_follow_on_without_gaps():
    start = D(2026, 10, 31)
    quarters = [periods.programme_quarter(start, n) for n in range(1, 6)]
    assert quarters[0] == (D(2026, 10, 31), D(2027, 1, 30))
    for (_a, end), (first, _b) in zip(quarters, quarters[1:], strict=False):
        assert first == end + datetime.timedelta(days=1)


def test_names_only_for_an_exact_quarter():
    start = D(2026, 10, 16)
    assert periods.quarter_name(D(2026, 10, 1), D(2026, 12, 31)) == "IV квартал 2026 г."
    assert periods.quarter_name(D(2027, 1, 1), D(2027, 3, 31), start) == "I квартал 2027 г."
    assert periods.quarter_name(start, D(2027, 1, 15), start) == "1-й квартал программы"
    assert periods.quarter_name(D(2027, 1, 16), D(2027, 4, 15), start) == "2-й квартал программы"
    assert periods.quarter_name(start, D(2027, 1, 15)) is None  # no programme: no name
    assert periods.quarter_name(D(2026, 10, 1), D(2026, 12, 30)) is None
    assert periods.quarter_name(D(2026, 10, 2), D(2026, 12, 31), start) is None


def test_presets_are_what_has_begun_by_today():
    start, end = D(2026, 10, 16), D(2027, 7, 17)
    found = periods.presets(start, end, D(2026, 11, 30))
    assert [(p.key, p.starts_on, p.ends_on) for p in found] == [
        ("programme", start, D(2026, 11, 29)),
        ("p1", start, D(2027, 1, 15)),
        ("2026-q4", D(2026, 10, 1), D(2026, 12, 31)),
    ]
    assert found[0].label == "С начала программы по вчера: 16.10.2026–29.11.2026"
    assert found[1].label == "1-й квартал программы: 16.10.2026–15.01.2027"
    later = periods.presets(start, end, D(2027, 1, 16))
    assert [p.key for p in later] == ["programme", "p1", "p2", "2026-q4", "2027-q1"]
    # After the programme's end nothing new begins; on its first day there is no «so far».
    after = periods.presets(start, end, D(2028, 1, 1))
    assert [p.key for p in after][-1] == "2027-q3" and "p4" in [p.key for p in after]
    assert "p5" not in [p.key for p in after]
    assert [p.key for p in periods.presets(start, end, start)] == ["p1", "2026-q4"]
    assert periods.presets(None, None, start) == []
    assert periods.presets(start, end, D(2026, 1, 1)) == []


@pytest.mark.django_db
class TestFreezeForm:
    @pytest.fixture
    def start(self, roadmap):
        return roadmap.steps.order_by("starts_on").first().starts_on

    def test_the_form_offers_the_periods(self, roadmap, federal, login, start):
        html = login(federal).get(reverse("dashboard:snapshots")).content.decode()
        first = periods.programme_quarter(start, 1)
        label = f"1-й квартал программы: {first[0]:%d.%m.%Y}–{first[1]:%d.%m.%Y}"
        assert f'<option value="p1">{label}</option>' in html
        assert '<option value="" selected>Свои даты</option>' in html
        assert 'id="freeze-periods"' in html and "dashboard/freeze.js" in html

    def test_a_chosen_quarter_is_frozen_and_named(self, roadmap, federal, login, start):
        response = login(federal).post(reverse("dashboard:freeze"), {"period": "p1"})
        assert response.status_code == 302
        snapshot = Snapshot.objects.get()
        assert (snapshot.starts_on, snapshot.ends_on) == periods.programme_quarter(start, 1)
        assert snapshot.title.startswith("Отчёт за 1-й квартал программы (")
        assert snapshot.title.endswith(", все площадки, версия 1")

    def test_the_quarter_with_the_same_dates_typed_is_accepted(
        self, roadmap, federal, login, start
    ):
        first, last = periods.programme_quarter(start, 1)
        response = login(federal).post(
            reverse("dashboard:freeze"),
            {"period": "p1", "starts_on": first.isoformat(), "ends_on": last.isoformat()},
        )
        assert response.status_code == 302
        assert Snapshot.objects.get().starts_on == first

    def test_a_quarter_and_other_dates_are_refused_and_kept(self, roadmap, federal, login):
        response = login(federal).post(
            reverse("dashboard:freeze"),
            {"period": "p1", "starts_on": "2026-01-01", "ends_on": "2026-02-01"},
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert "а даты указаны другие. Оставьте что-то одно" in html
        assert 'value="2026-01-01"' in html
        assert not Snapshot.objects.exists()

    def test_no_period_and_no_dates_asks_for_the_dates(self, roadmap, federal, login):
        response = login(federal).post(reverse("dashboard:freeze"), {"starts_on": "2026-01-01"})
        assert response.status_code == 400
        html = response.content.decode()
        assert "Укажите конец периода или выберите период выше." in html
        assert "Укажите начало периода" not in html
        assert not Snapshot.objects.exists()

    def test_an_unknown_period_is_refused(self, roadmap, federal, login):
        response = login(federal).post(reverse("dashboard:freeze"), {"period": "p99"})
        assert response.status_code == 400
        assert not Snapshot.objects.exists()

    def test_typed_dates_of_a_calendar_quarter_get_its_name(self, roadmap, federal, start):
        today = timezone.localdate()
        first, last = periods.quarter_of(today)
        snapshot = services.snapshot_freeze(
            by=federal, programme=roadmap, site=None, starts_on=first, ends_on=last
        )
        name = periods.quarter_name(first, last, start)
        assert snapshot.title.startswith(f"Отчёт за {name} ({first:%d.%m.%Y}–{last:%d.%m.%Y})")
