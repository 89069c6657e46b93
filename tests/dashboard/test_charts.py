"""Charts are SVG drawn on the server, each with a table saying the same."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import timezone

from dashboard import charts
from dashboard.selectors import all_charts, build_plan
from events.models import EventKind, ParticipantCategory
from tests.dashboard import factories as make


def test_the_charts_page_has_svg_and_tables(roadmap, site_a, site_b, federal, login):
    make.event(site_a, attended=16)
    make.round_table(site_b, attended=30)
    html = login(federal).get(reverse("dashboard:charts")).content.decode()
    assert html.count("<svg") == 5
    assert html.count("Таблица с данными графика") == 5
    assert "<script" not in html.split("<main")[1].split("</main>")[0]
    assert "Лидер этнокультурного объединения" in html
    assert 'role="img"' in html


def test_attendance_table_counts_people_by_category(roadmap, site_a):
    make.event(site_a, attended=16, categories=(ParticipantCategory.ETHNO_LEADER,))
    make.event(
        site_a, kind=EventKind.ROUND_TABLE, attended=4, categories=(ParticipantCategory.MEDIA,)
    )
    plan = build_plan(roadmap, [site_a], today=timezone.localdate())
    chart = next(c for c in all_charts(plan) if c.key == "attendance")
    assert ["Лидер этнокультурного объединения", 16] in chart.rows
    assert ["СМИ", 4] in chart.rows


def test_the_progress_line_reaches_the_counted_figure(roadmap, site_a):
    make.event(site_a, attended=15)
    make.event(site_a, attended=15)
    plan = build_plan(roadmap, [site_a], today=timezone.localdate())
    chart = next(c for c in all_charts(plan) if c.key == "progress")
    column = chart.headers.index("2. Семинары")
    assert chart.rows[-1][column] == 2


def test_lines_and_their_table_stop_at_today_on_an_axis_of_the_whole_programme():
    day = timezone.localdate()
    days = [day + timezone.timedelta(days=n) for n in range(-10, 11)]
    values = list(range(21))  # what a later day would hold must not show
    chart = charts.lines("p", "Ход", "описание", days, [("Семинары", values, "#000")], today=day)
    assert [row[0] for row in chart.rows][-1] == day.strftime("%d.%m.%Y")
    assert max(row[1] for row in chart.rows) == 10
    points = re.search(r'<polyline points="([^"]+)"', chart.svg).group(1).split()
    assert len(points) == 11  # ten days before today and today
    assert days[-1].strftime("%d.%m.%Y") in chart.svg  # the axis still ends with the programme
    whole = charts.lines("p", "Ход", "описание", days, [("Семинары", values, "#000")])
    assert len(re.search(r'<polyline points="([^"]+)"', whole.svg).group(1).split()) == 21


def test_the_same_data_draws_the_same_bytes():
    items = [("Татарстан", 2, 2, "met"), ("Дагестан", 0, 2, "failed")]
    first = charts.bars("x", "Семинары", "описание", items).svg
    second = charts.bars("x", "Семинары", "описание", items).svg
    assert first == second
    assert re.search(r'<title id="x-t">Семинары</title>', first)


def test_region_tiles_are_red_for_a_failed_target(roadmap, steps, site_a):
    step = steps[2]
    today = step.ends_on + timezone.timedelta(days=1)
    plan = build_plan(roadmap, [site_a], today=today)
    chart = next(c for c in all_charts(plan) if c.key == "regions")
    assert charts.RED in chart.svg
