"""Local time in all eleven zones: each region's zone, and the one way times are written."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from resursnaya_sreda.kernel import localtime
from resursnaya_sreda.kernel.models import Region
from tests.factories import region

UTC = datetime.UTC
# 10:00 in Vladivostok on 5 June 2026 is 00:00 UTC and 03:00 in Moscow.
VLADIVOSTOK_TEN = datetime.datetime(2026, 6, 5, 0, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_every_region_has_a_known_zone_and_russia_has_eleven_offsets():
    zones = set(Region.objects.values_list("timezone", flat=True))
    for zone in zones:
        localtime.validate_zone(zone)
        assert zone in localtime.ZONE_CITIES
    offsets = {localtime.utc_offset(localtime.zone_of(zone), VLADIVOSTOK_TEN) for zone in zones}
    assert len(offsets) == 11
    assert {"UTC+2", "UTC+3", "UTC+10", "UTC+12"} <= offsets


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "zone"),
    [
        ("25", "Asia/Vladivostok"),
        ("39", "Europe/Kaliningrad"),
        ("77", "Europe/Moscow"),
        ("16", "Europe/Moscow"),
        ("54", "Asia/Novosibirsk"),
        ("87", "Asia/Anadyr"),
    ],
)
def test_regions_carry_their_capitals_zone(code, zone):
    assert region(code).timezone == zone
    assert localtime.zone_of(region(code)).key == zone


def test_an_unknown_zone_is_refused_with_a_russian_message():
    with pytest.raises(ValidationError, match="Неизвестный часовой пояс «Asia/Atlantis»"):
        localtime.validate_zone("Asia/Atlantis")


def test_a_vladivostok_time_is_written_with_its_zone_and_moscow_time():
    zone = "Asia/Vladivostok"
    assert localtime.format_time(VLADIVOSTOK_TEN, zone) == "10:00 (Владивосток, UTC+10)"
    assert (
        localtime.format_datetime(VLADIVOSTOK_TEN, zone, moscow=True)
        == "05.06.2026, 10:00 (Владивосток, UTC+10) · 03:00 МСК"
    )


def test_moscow_is_not_repeated_for_a_moscow_time():
    moment = datetime.datetime(2026, 6, 5, 7, 0, tzinfo=UTC)
    assert (
        localtime.format_datetime(moment, "Europe/Moscow", moscow=True)
        == "05.06.2026, 10:00 (Москва, UTC+3)"
    )


def test_moscow_time_names_the_day_when_it_differs():
    # 08:00 in Kamchatka on 5 June is 23:00 in Moscow on 4 June.
    moment = datetime.datetime(2026, 6, 4, 20, 0, tzinfo=UTC)
    assert (
        localtime.format_datetime(moment, "Asia/Kamchatka", moscow=True)
        == "05.06.2026, 08:00 (Петропавловск-Камчатский, UTC+12) · 04.06.2026, 23:00 МСК"
    )


def test_a_kaliningrad_span_and_its_moscow_hours():
    start = datetime.datetime(2026, 6, 5, 8, 0, tzinfo=UTC)
    end = datetime.datetime(2026, 6, 5, 14, 0, tzinfo=UTC)
    assert (
        localtime.format_span(start, end, "Europe/Kaliningrad", moscow=True)
        == "05.06.2026, 10:00–16:00 (Калининград, UTC+2) · 11:00–17:00 МСК"
    )


def test_combine_reads_the_wall_clock_in_the_zone():
    moment = localtime.combine(datetime.date(2026, 6, 5), datetime.time(10, 0), "Asia/Vladivostok")
    assert moment.astimezone(UTC) == VLADIVOSTOK_TEN


def test_a_deadline_says_whose_clock_it_means():
    assert (
        localtime.format_deadline(datetime.date(2026, 5, 31), "Europe/Moscow")
        == "до 23:59 31.05.2026 (Москва, UTC+3)"
    )
    assert localtime.end_of_day(datetime.date(2026, 5, 31), "Asia/Vladivostok").astimezone(
        UTC
    ) == datetime.datetime(2026, 5, 31, 13, 59, tzinfo=UTC)


@pytest.mark.django_db
def test_the_template_tags_write_the_same():
    rendered = Template(
        "{% load local_time %}{% local_datetime moment region moscow=True %}|"
        "{% local_time moment region %}|{{ region|zone_label }}|{{ moment|local_date:region }}"
    ).render(Context({"moment": VLADIVOSTOK_TEN, "region": region("25")}))
    assert rendered == (
        "05.06.2026, 10:00 (Владивосток, UTC+10) · 03:00 МСК|"
        "10:00 (Владивосток, UTC+10)|Владивосток, UTC+10|05.06.2026"
    )
