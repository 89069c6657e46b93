"""Charts drawn on the server as SVG: the same markup in the page and in the PDF, no script,
no CDN, and the same bytes for the same data (a frozen report rebuilds identically).

Each chart is a :class:`Chart` with its SVG and the table that says the same for screen
readers and for print (``rows`` under ``headers``); templates show both.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Colours with at least 3:1 contrast against white (WCAG 1.4.11 for graphics).
GREEN = "#1e7b34"
AMBER = "#a15c00"
RED = "#b02a37"
BLUE = "#1f5aa6"
GREY = "#6c757d"
LIGHT = "#e9ecef"
STATE_FILL = {
    "met": GREEN,
    "behind": AMBER,
    "failed": RED,
    "on_track": BLUE,
    "ahead": GREY,
    "none": GREY,
}
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'


@dataclass
class Chart:
    key: str
    title: str
    description: str
    svg: SafeString
    headers: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)


def _text(
    x: float, y: float, text: Any, *, size: int = 12, anchor: str = "start", **attrs: str
) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" {FONT}'
        f"{extra}>{escape(str(text))}</text>"
    )


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _svg(
    key: str, title: str, description: str, width: int, height: int, body: list[str]
) -> SafeString:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{key}-t {key}-d" class="chart">'
        f'<title id="{key}-t">{escape(title)}</title>'
        f'<desc id="{key}-d">{escape(description)}</desc>' + "".join(body) + "</svg>"
    )


def bars(
    key: str,
    title: str,
    description: str,
    items: list[tuple[str, int, int | None, str]],
    *,
    headers: tuple[str, str, str] = ("", "Факт", "Цель"),
) -> Chart:
    """Horizontal bars: ``(label, value, target or None, state)``; a target is a tick."""
    label_width, bar_width, row = 250, 290, 24
    width = label_width + bar_width + 70
    height = max(row * len(items) + 16, 40)
    top = max([v for _l, v, _t, _s in items] + [t or 0 for _l, _v, t, _s in items] + [1])
    body = []
    for index, (label, value, target, state) in enumerate(items):
        y = 8 + index * row
        length = bar_width * value / top
        body.append(_text(label_width - 8, y + 15, _short(label, 36), size=11, anchor="end"))
        body.append(
            f'<rect x="{label_width}" y="{y + 3}" width="{bar_width}" height="{row - 8}" '
            f'fill="{LIGHT}"/>'
        )
        body.append(
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="{row - 8}" '
            f'fill="{STATE_FILL.get(state, BLUE)}"/>'
        )
        if target:
            tx = label_width + bar_width * target / top
            body.append(
                f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{y}" y2="{y + row - 2}" stroke="#212529" '
                'stroke-width="2"/>'
            )
        shown = f"{value} / {target}" if target is not None else str(value)
        body.append(_text(label_width + bar_width + 6, y + 15, shown))
    if not items:
        body.append(_text(8, 24, "Данных пока нет.", size=12, fill=GREY))
    rows = [[label, value, "—" if target is None else target] for label, value, target, _s in items]
    return Chart(
        key,
        title,
        description,
        _svg(key, title, description, width, height, body),
        list(headers),
        rows,
    )


def tiles(
    key: str, title: str, description: str, items: list[tuple[str, str, float, str]]
) -> Chart:
    """A tile grid of regions: ``(short code, full name, share of targets met 0..1, state)``."""
    columns, size, gap = 10, 54, 6
    rows_count = (len(items) + columns - 1) // columns or 1
    width = columns * (size + gap)
    height = rows_count * (size + gap)
    body = []
    for index, (code, name, share, state) in enumerate(items):
        x = (index % columns) * (size + gap)
        y = (index // columns) * (size + gap)
        body.append(
            f"<g><title>{escape(name)}: {round(share * 100)}%</title>"
            f'<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="4" '
            f'fill="{STATE_FILL.get(state, GREY)}"/>'
            + _text(
                x + size / 2,
                y + 22,
                code,
                size=13,
                anchor="middle",
                fill="#fff",
                font_weight="bold",
            )
            + _text(
                x + size / 2,
                y + 42,
                f"{round(share * 100)}%",
                size=12,
                anchor="middle",
                fill="#fff",
            )
            + "</g>"
        )
    table = [[name, f"{round(share * 100)}%"] for _c, name, share, _s in items]
    return Chart(
        key,
        title,
        description,
        _svg(key, title, description, width, height, body),
        ["Регион", "Доля достигнутых целей"],
        table,
    )


def lines(
    key: str,
    title: str,
    description: str,
    days: list[datetime.date],
    series: list[tuple[str, list[int], str]],
    *,
    today: datetime.date | None = None,
) -> Chart:
    """Cumulative lines over ``days``: ``(name, values per day, colour)``. With ``today`` the
    axis still spans every day (what is left shows), but the lines and the table stop at today:
    nothing is drawn for days that have not come."""
    width, height, left, bottom, top_pad = 640, 260, 40, 40, 10
    known = [i for i, day in enumerate(days) if today is None or day <= today]
    plot_w, plot_h = width - left - 190, height - bottom - top_pad
    peak = max([max((values[i] for i in known), default=0) for _n, values, _c in series] + [1])
    count = max(len(days) - 1, 1)
    body = [
        f'<line x1="{left}" x2="{left + plot_w}" y1="{top_pad + plot_h}" '
        f'y2="{top_pad + plot_h}" stroke="{GREY}"/>',
        f'<line x1="{left}" x2="{left}" y1="{top_pad}" y2="{top_pad + plot_h}" stroke="{GREY}"/>',
        _text(left - 4, top_pad + 10, peak, size=11, anchor="end"),
        _text(left - 4, top_pad + plot_h, 0, size=11, anchor="end"),
    ]
    if days:
        body.append(_text(left, height - 18, days[0].strftime("%d.%m.%Y"), size=11))
        body.append(
            _text(left + plot_w, height - 18, days[-1].strftime("%d.%m.%Y"), size=11, anchor="end")
        )
    for index, (name, values, colour) in enumerate(series):
        points = " ".join(
            f"{left + plot_w * i / count:.1f},{top_pad + plot_h - plot_h * v / peak:.1f}"
            for i, v in ((i, values[i]) for i in known)
        )
        body.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        body.append(
            f'<rect x="{left + plot_w + 12}" y="{top_pad + index * 18}" width="12" height="12" '
            f'fill="{colour}"/>'
        )
        body.append(_text(left + plot_w + 28, top_pad + index * 18 + 11, _short(name, 24), size=11))
    if today and days and days[0] <= today <= days[-1]:
        x = left + plot_w * (today - days[0]).days / max((days[-1] - days[0]).days, 1)
        body.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top_pad}" y2="{top_pad + plot_h}" '
            f'stroke="{RED}" stroke-dasharray="4 3"/>'
        )
        body.append(_text(x + 3, top_pad + 10, "сегодня", size=11, fill=RED))
    headers = ["Дата", *[name for name, _v, _c in series]]
    table = [
        [days[i].strftime("%d.%m.%Y"), *[values[i] for _n, values, _c in series]]
        for i in known
        if i == known[-1] or days[i].weekday() == 0
    ]
    return Chart(
        key, title, description, _svg(key, title, description, width, height, body), headers, table
    )


def timeline(key: str, title: str, data: dict[str, Any]) -> Chart:
    """The roadmap's steps as bars between their dates, with today's line and late tasks."""
    steps = data["steps"]
    start, end, today = data["starts_on"], data["ends_on"], data["today"]
    span = max((end - start).days, 1)
    label_width, plot_w, row = 90, 520, 30
    width, height = label_width + plot_w + 20, row * len(steps) + 40
    fills = {"done": GREY, "current": BLUE, "ahead": LIGHT}

    def x_of(day: datetime.date) -> float:
        return label_width + plot_w * (day - start).days / span

    body = []
    for index, item in enumerate(steps):
        y = 6 + index * row
        step = item.step
        fill = RED if item.late_tasks else fills.get(item.state, BLUE)
        x1, x2 = x_of(step.starts_on), x_of(step.ends_on)
        body.append(_text(label_width - 8, y + 17, f"Шаг {step.number}", anchor="end"))
        body.append(
            f'<rect x="{x1:.1f}" y="{y + 4}" width="{max(x2 - x1, 2):.1f}" '
            f'height="{row - 10}" rx="3" '
            f'fill="{fill}" stroke="#495057"/>'
        )
        if item.late_tasks:
            body.append(_text(x2 + 4, y + 17, f"просрочено: {item.late_tasks}", size=11, fill=RED))
    bottom = 6 + len(steps) * row
    body.append(_text(label_width, bottom + 16, start.strftime("%d.%m.%Y"), size=11))
    body.append(
        _text(label_width + plot_w, bottom + 16, end.strftime("%d.%m.%Y"), size=11, anchor="end")
    )
    if start <= today <= end:
        x = x_of(today)
        body.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="0" y2="{bottom}" stroke="{RED}" stroke-width="2" '
            'stroke-dasharray="5 3"/>'
        )
        body.append(
            _text(x, bottom + 30, f"сегодня, {today:%d.%m.%Y}", size=11, anchor="middle", fill=RED)
        )
    description = "; ".join(
        f"шаг {i.step.number}: {i.step.starts_on:%d.%m.%Y}–{i.step.ends_on:%d.%m.%Y}"
        + (f", просрочено задач: {i.late_tasks}" if i.late_tasks else "")
        for i in steps
    )
    rows = [
        [
            f"Шаг {i.step.number}. {i.step.title}",
            i.step.starts_on.strftime("%d.%m.%Y"),
            i.step.ends_on.strftime("%d.%m.%Y"),
            {"done": "завершён", "current": "идёт", "ahead": "впереди"}[i.state],
            i.late_tasks,
        ]
        for i in steps
    ]
    return Chart(
        key,
        title,
        description,
        _svg(key, title, description, width, height, body),
        ["Шаг", "Начало", "Окончание", "Состояние", "Просрочено задач"],
        rows,
    )
