"""The consolidated report — the document the federal centre sends upward — as a sectioned
PDF (rendered in parallel on the worker pool) and as an XLSX with the data behind every
figure, one sheet per table.

Both are rendered from the report's data (``dashboard.selectors.report``): live records when
ordered, a snapshot's stored data when frozen, so a frozen report never changes and rebuilds
byte for byte (its dates come from the snapshot, never from the clock).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from typing import Any

from django import forms
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dashboard import charts
from dashboard import permissions as policy
from dashboard.selectors.report import PDF_REGISTER_SKIP, as_of, figures_of, report_data
from reports.engine import Column, Format, ParametersForm, Progress, Sheet, register
from reports.engine.sections import PageNumbers, Section, SectionedDocument
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel.models import PilotSite
from resursnaya_sreda.kernel.selectors import programme_current

#: Rows of the registers per PDF section (about 20 pages).
REGISTER_ROWS = 600

STATE_LABELS = {
    "met": gettext_lazy("достигнута"),
    "behind": gettext_lazy("отстаёт"),
    "failed": gettext_lazy("не достигнута, срок прошёл"),
    "on_track": gettext_lazy("в графике"),
    "ahead": gettext_lazy("шаг не начался"),
    "none": gettext_lazy("без цели"),
}


class ReportParameters(ParametersForm):
    starts_on = forms.DateField(label=gettext_lazy("Начало периода"))
    ends_on = forms.DateField(label=gettext_lazy("Конец периода"))
    pilot_site = forms.ModelChoiceField(
        label=gettext_lazy("Площадка"),
        queryset=PilotSite.objects.none(),
        required=False,
        empty_label=gettext_lazy("Все площадки"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programme = programme_current()
        queryset = PilotSite.objects.select_related("region").order_by("region__name")
        queryset = queryset.filter(programme=programme) if programme else queryset.none()
        if self.user is not None:
            queryset = roles.filter_by_pilot_site(queryset, self.user, field="pk")
            if not roles.is_federal(self.user):
                self.fields["pilot_site"].required = True
                self.fields["pilot_site"].empty_label = None
        self.fields["pilot_site"].queryset = queryset
        self.fields["starts_on"].widget = forms.DateInput(attrs={"type": "date"})
        self.fields["ends_on"].widget = forms.DateInput(attrs={"type": "date"})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Конец периода раньше его начала."))
        return cleaned


def build_data(
    user: Any, *, starts_on: datetime.date, ends_on: datetime.date, site: PilotSite | None
) -> dict[str, Any]:
    """The report's data from live records, for the sites the user sees (or one of them)."""
    programme = programme_current()
    if programme is None:
        raise ValueError("no current programme")
    sites = (
        [site]
        if site
        else policy.visible_sites(user, programme)
        if user
        else list(programme.pilot_sites.select_related("region").order_by("region__name"))
    )
    return report_data(
        programme,
        sites,
        starts_on=starts_on,
        ends_on=ends_on,
        site=site,
        all_site_count=programme.pilot_sites.count(),
    )


@register
class ConsolidatedReport(SectionedDocument):
    identifier = "dashboard-report"
    verbose_name = gettext_lazy("Сводный отчёт программы")
    description = gettext_lazy(
        "Итоги программы против целей за период: по шагам, по площадкам, реестры записей; "
        "каждая цифра со сноской на её определение."
    )
    formats = (Format.PDF, Format.XLSX)
    form_class = ReportParameters

    @classmethod
    def can_request(cls, user: Any) -> bool:
        return policy.can_see_dashboard(user)

    def __init__(
        self, parameters: dict[str, Any], *, user: Any = None, data: dict | None = None
    ) -> None:
        super().__init__(parameters, user=user)
        self._data = data
        self._figures: list[dict[str, Any]] | None = None

    # --- Data ------------------------------------------------------------------------------
    @property
    def data(self) -> dict[str, Any]:
        if self._data is None:
            self._data = build_data(
                self.user,
                starts_on=self.parameters["starts_on"],
                ends_on=self.parameters["ends_on"],
                site=self.parameters.get("pilot_site"),
            )
        return self._data

    @property
    def figures(self) -> list[dict[str, Any]]:
        if self._figures is None:
            self._figures = figures_of(self.data)
        return self._figures

    def get_title(self) -> str:
        data = self.data
        period = f"{_d(data['starts_on'])}–{_d(data['ends_on'])}"
        where = data["site"] or _("все площадки")
        return f"{_('Сводный отчёт')} «{data['programme']}», {where}, {period}"

    def get_filename(self, fmt: str) -> str:
        data = self.data
        return f"Сводный отчёт {data['starts_on']}–{data['ends_on']}.{fmt}"

    def get_metadata(self) -> dict[str, str]:
        return {"/Title": self.get_title(), "/Author": self.data.get("organiser") or ""}

    # --- PDF -------------------------------------------------------------------------------
    def _context(self, **extra: Any) -> dict[str, Any]:
        data = self.data
        return {
            "data": data,
            "document_title": self.get_title(),
            "as_of": _d(as_of(data).isoformat()),
            "frozen": data.get("frozen"),
            **extra,
        }

    def _render(self, template: str, **extra: Any) -> str:
        with translation.override("ru"):
            return render_to_string(template, self._context(**extra))

    def _sites_by_id(self) -> dict[int, dict[str, Any]]:
        return {site["id"]: site for site in self.data["sites"]}

    def summary_charts(self) -> list[charts.Chart]:
        figures = self.figures
        tiles = []
        for site in self.data["sites"]:
            cells = [
                next(s for s in f["sites"] if s["site_id"] == site["id"])
                for f in figures
                if f["target"] is not None
            ]
            met = sum(1 for c in cells if c["state"] == "met")
            states = {c["state"] for c in cells}
            state = "failed" if "failed" in states else "behind" if "behind" in states else "met"
            if state == "met" and met < len(cells):
                state = "on_track"
            tiles.append((site["code"], site["name"], met / len(cells) if cells else 0.0, state))
        bars = [
            (f"{f['step']}. {f['short']}", f["total"], f["total_target"], f["state"])
            for f in figures
        ]
        return [
            charts.bars(
                "report-totals",
                _("Программа против целей на %(d)s") % {"d": _d(as_of(self.data).isoformat())},
                _("Факт нарастающим итогом и цель программы по каждому показателю."),
                bars,
                headers=(_("Показатель"), _("Факт"), _("Цель")),
            ),
            charts.tiles(
                "report-regions",
                _("Площадки: доля достигнутых целей"),
                _("Плитка на регион; цвет — худшее состояние его показателей."),
                tiles,
            ),
        ]

    def get_opening(self) -> list[Section]:
        return [Section("cover", _("Титульный лист"), self._render("dashboard/pdf/cover.html"))]

    def get_sections(self, progress: Progress = lambda f: None) -> list[Section]:
        figures = self.figures
        sections = [
            Section(
                "summary",
                _("Итоги программы"),
                self._render(
                    "dashboard/pdf/summary.html", figures=figures, charts=self.summary_charts()
                ),
            )
        ]
        for step in self.data["steps"]:
            mine = [f for f in figures if f["step"] == step["number"]]
            sections.append(
                Section(
                    f"step-{step['number']}",
                    f"{_('Шаг')} {step['number']}",
                    self._render("dashboard/pdf/step.html", step=step, figures=mine),
                )
            )
        for site in self.data["sites"]:
            sections.append(
                Section(
                    f"site-{site['id']}",
                    site["name"],
                    self._render("dashboard/pdf/site.html", site=site, **self._site(site)),
                )
            )
        sections.extend(self._register_sections())
        return sections

    def _register_sections(self) -> list[Section]:
        """The appendices in parts of at most REGISTER_ROWS rows (a long register split, short
        ones together), so that on the worker pool no one part holds up the rest."""
        parts: list[list[dict[str, Any]]] = [[]]
        room = REGISTER_ROWS
        for table in self._registers():
            rows = table["rows"]
            start = 0
            while True:
                if room <= 0:
                    parts.append([])
                    room = REGISTER_ROWS
                chunk = rows[start : start + room]
                parts[-1].append({**table, "rows": chunk, "continued": start > 0})
                room -= max(len(chunk), 1)
                start += len(chunk)
                if start >= len(rows):
                    break
        return [
            Section(
                "registers" if n == 0 else f"registers-{n + 1}",
                _("Приложения: реестры") + (f", {_('часть')} {n + 1}" if n else ""),
                self._render("dashboard/pdf/registers.html", registers=part, first=n == 0),
            )
            for n, part in enumerate(parts)
        ]

    def _site(self, site: dict[str, Any]) -> dict[str, Any]:
        data = self.data
        return {
            "figures": [
                {**f, "cell": next(s for s in f["sites"] if s["site_id"] == site["id"])}
                for f in self.figures
            ],
            "events": [e for e in data["events"] if e["site"] == site["id"]],
            "practices": [p for p in data["practices"] if p["site"] == site["id"]],
            "stories": [s for s in data["stories"] if s["site"] == site["id"]],
            "entries": [e for e in data["entries"] if e["site"] == site["id"]],
            "photos": [p for p in data.get("photos", []) if p["site"] == site["id"]],
        }

    def _registers(self) -> list[dict[str, Any]]:
        names = {site["id"]: site["name"] for site in self.data["sites"]}
        return [
            {
                **column,
                "rows": [
                    {**row, "site_name": names.get(row["site"], "")}
                    for row in self.data["records"][column["key"]]
                ],
            }
            for column in self.data["columns"]
            if column["key"] not in PDF_REGISTER_SKIP
        ]

    def get_front_matter(self, numbers: PageNumbers) -> Section:
        toc = [("summary", _("Итоги программы"))]
        toc += [
            (f"step-{s['number']}", f"{_('Шаг')} {s['number']}. {s['title']}")
            for s in self.data["steps"]
        ]
        toc += [(f"site-{s['id']}", s["name"]) for s in self.data["sites"]]
        toc += [("registers", _("Приложения: реестры записей"))]
        entries = [{"anchor": a, "title": t, "page": numbers[a]} for a, t in toc]
        return Section(
            "contents", _("Содержание"), self._render("dashboard/pdf/front.html", toc=entries)
        )

    def get_single_html(self) -> str:
        parts = [s.html for s in [*self.get_opening(), *self.get_sections()]]
        return "\n".join(parts)

    # --- XLSX ------------------------------------------------------------------------------
    def iter_sheets(self, progress: Progress = lambda f: None) -> Iterator[Sheet]:
        data, figures = self.data, self.figures
        yield Sheet(
            _("Сводка"),
            [
                Column(_("Сноска"), 8, "int"),
                Column(_("Шаг"), 6, "int"),
                Column(_("Показатель"), 40),
                Column(_("Площадка"), 28),
                Column(_("За период"), 12, "int"),
                Column(_("Нарастающим итогом"), 14, "int"),
                Column(_("Цель"), 10, "int"),
                Column(_("Состояние"), 22),
            ],
            [
                row
                for f in figures
                for row in [
                    *[
                        [
                            f["note"],
                            f["step"],
                            f["title"],
                            s["site"],
                            s["period"],
                            s["total"],
                            s["target"],
                            str(STATE_LABELS[s["state"]]),
                        ]
                        for s in f["sites"]
                    ],
                    [
                        f["note"],
                        f["step"],
                        f["title"],
                        _("Всего"),
                        f["period"],
                        f["total"],
                        f["total_target"],
                        str(STATE_LABELS[f["state"]]),
                    ],
                ]
            ],
        )
        yield Sheet(
            _("Определения"),
            [
                Column(_("Сноска"), 8, "int"),
                Column(_("Показатель"), 40),
                Column(_("Как считается"), 100),
            ],
            [[c["note"], c["title"], c["definition"]] for c in data["columns"]],
        )
        names = {site["id"]: site["name"] for site in data["sites"]}
        for column in data["columns"]:
            yield Sheet(
                f"{column['note']}. {column['short']}",
                [
                    Column(_("Площадка"), 28),
                    Column(_("Номер записи"), 12, "int"),
                    Column(_("Дата"), 12, "date"),
                    Column(_("Запись"), 70),
                ],
                [
                    [names.get(r["site"], ""), r["id"], _date(r["date"]), r["label"]]
                    for r in data["records"][column["key"]]
                ],
            )
        yield Sheet(
            _("Мероприятия"),
            [
                Column(_("Площадка"), 24),
                Column(_("Вид"), 14),
                Column(_("Название"), 40),
                Column(_("Дата"), 12, "date"),
                Column(_("Состояние"), 22),
                Column(_("Зарегистрировано"), 12, "int"),
                Column(_("Присутствовало"), 12, "int"),
                Column(_("Минимум"), 10, "int"),
                Column(_("Засчитано"), 10),
                Column(_("Отзывов"), 10, "int"),
                Column(_("Средняя оценка"), 10, "decimal"),
            ],
            [
                [
                    names.get(e["site"], ""),
                    e["kind"],
                    e["title"],
                    _date(e["date"]),
                    e["state"],
                    e["registered"],
                    e["attended"],
                    e["minimum"],
                    _("да") if e["counted"] else _("нет"),
                    e["responses"],
                    e["rating"],
                ]
                for e in data["events"]
            ],
        )
        yield Sheet(
            _("Лучшие практики"),
            [
                Column(_("Площадка"), 24),
                Column(_("Практика"), 50),
                Column(_("Организация"), 40),
                Column(_("Решение"), 12, "date"),
                Column(_("Практика площадки"), 12),
            ],
            [
                [
                    names.get(p["site"], ""),
                    p["title"],
                    p["organisation"],
                    _date(p["decided"]),
                    _("да") if p["selected"] else _("нет"),
                ]
                for p in data["practices"]
            ],
        )
        yield Sheet(
            _("Видеосюжеты"),
            [
                Column(_("Площадка"), 24),
                Column(_("Сюжет"), 50),
                Column(_("Состояние"), 22),
                Column(_("Опубликован"), 12, "date"),
                Column(_("Ссылки"), 60),
            ],
            [
                [
                    names.get(s["site"], ""),
                    s["title"],
                    s["state"],
                    _date(s["published"]),
                    " ".join(s["links"]),
                ]
                for s in data["stories"]
            ],
        )
        yield Sheet(
            _("Конкурсные заявки"),
            [
                Column(_("Площадка"), 24),
                Column(_("Практика"), 50),
                Column(_("Номинация"), 36),
                Column(_("Состояние"), 22),
                Column(_("Итог"), 16),
            ],
            [
                [names.get(e["site"], ""), e["title"], e["nomination"], e["state"], e["result"]]
                for e in data["entries"]
            ],
        )


def _d(iso: str) -> str:
    return datetime.date.fromisoformat(iso).strftime("%d.%m.%Y")


def _date(iso: str) -> datetime.date | None:
    return datetime.date.fromisoformat(iso) if iso else None


# --- Frozen snapshots: the same bytes from the same data ------------------------------------

#: The moment written into a frozen XLSX's properties and zip entries (the zip format's
#: earliest date): the file's bytes depend on the snapshot's data only.
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def deterministic_xlsx(raw: bytes, *, when: datetime.date) -> bytes:
    """Rewrite a workbook with fixed entry times and core properties dated ``when``."""
    import re
    import zipfile

    stamp = f"{when.isoformat()}T00:00:00Z"
    source = zipfile.ZipFile(io.BytesIO(raw))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name in sorted(source.namelist()):
            content = source.read(name)
            if name == "docProps/core.xml":
                text = content.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    lambda m: f"{m.group(1)}{stamp}{m.group(3)}",
                    text,
                )
                content = text.encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            out.writestr(info, content)
    return target.getvalue()


def render_frozen(data: dict[str, Any]) -> tuple[bytes, bytes]:
    """The PDF and the XLSX of a frozen snapshot, rendered from its data alone."""
    from reports.engine.render import render_document

    document = ConsolidatedReport({}, data=data)
    pdf, xlsx = io.BytesIO(), io.BytesIO()
    render_document(document, Format.PDF, pdf)
    render_document(document, Format.XLSX, xlsx)
    return pdf.getvalue(), deterministic_xlsx(xlsx.getvalue(), when=as_of(data))
