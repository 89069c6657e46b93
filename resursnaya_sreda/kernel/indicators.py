"""The programme's figures, each a query over records: the registry the federal dashboard reads.

The dashboard sits above every app and may not be named by them, and the apps sit above the
kernel, so each app contributes its own columns from its own module, registered from its
``AppConfig.ready()``. One column is one :class:`Indicator`: which records count
(``records``), how a record finds its pilot site (``site`` or ``region``), the target per site,
and how to open a record. The dashboard counts every site in **one grouped query per
indicator**, whatever the number of sites and records, and its drill-down lists exactly the
records the cell counts (the same queryset, filtered to the site).

Adding a column is one small file::

    # letters/apps.py, in ready():
    from letters import indicators  # noqa: F401  (registers on import)

    # letters/indicators.py
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _

    from letters.models import Letter
    from resursnaya_sreda.kernel.indicators import Indicator, per_site, register

    register(
        Indicator(
            key="letters-sent",                    # stable: snapshots store figures under it
            step=1,                                # the roadmap step whose window sets the pace
            title=_("Письма отправлены"),
            definition=_("Письма площадки с исходящим номером, отправленные адресатам."),
            records=lambda programme: Letter.objects.filter(
                pilot_site__programme=programme, sent_at__isnull=False
            ),
            site="pilot_site",                     # lookup from a record to its pilot site
            target=per_site("letters_per_site"),   # a TargetCode, or any (targets, sites) -> int
            link=lambda letter: reverse("letters:detail", args=[letter.pk]),
            order=15,
        )
    )

Fields:

- ``records(programme)`` — a queryset of every record that counts, programme-wide. Keep it
  free of ``order_by`` and of aggregate annotations (filter on a subquery instead).
- ``site`` — the lookup from a record to its ``PilotSite`` (``"pilot_site"``,
  ``"event__pilot_site"``); or ``region`` — the lookup to its ``Region`` when records belong to a
  region rather than a site (questionnaires: ``"organisation__region"``).
- ``count`` — what is counted, ``"pk"`` by default (distinct); ``"category"`` counts distinct
  categories.
- ``target(targets, site_count)`` — the target of one site from the programme's targets by
  code (None: no target, the cell shows the figure without a colour); ``per_site(code)`` and
  ``share_of(code)`` build the usual two. ``total_target`` likewise for the programme's total
  (by default the sum over the sites shown).
- ``link(record)`` — the record's page, where its evidence is; ``describe(record)`` — its line
  in the drill-down list (``str`` by default); ``evidence(record)`` — ``[(label, url), …]`` of
  scans, photos, published links; ``related`` and ``prefetch`` keep the drill-down list to a
  fixed number of queries.
- ``dated`` — the lookup of the date a record began to count (the event's date, the
  publication), for the progress chart and the period of a report; leave empty when there is
  none (the record then counts in every period).
- ``closed(programme, sites)`` — the ids of the sites whose figure can no longer grow although
  the step's window is open (the videobridge has taken place): their cell is red when short.
  One query; None when the figure can always grow.
- ``room(programme, sites)`` — ``{site id: how many more records can still count}`` for the
  sites whose figure can grow only by a known number (after the contest's deadline only the
  entries sent in time and waiting for their check can still count): the cell is red when the
  figure plus its room falls short of the target, «can no longer be met». A site left out has
  no such limit. One query; None when the figure can always grow.
- ``noun`` — one, few and many forms of what is counted («семинар, семинара, семинаров»),
  for sentences such as «после фиксации добавлено: 3 семинара».
- ``order`` — the column's place (steps first, then this); ``key`` — registering a key again
  replaces the earlier indicator.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, DateField, QuerySet
from django.db.models.functions import Trunc

TargetRule = Callable[[Mapping[str, int], int], int | None]


def per_site(code: str, *, times: str = "") -> TargetRule:
    """The target ``code`` holds per site (times the target ``times``, when given)."""

    def rule(targets: Mapping[str, int], site_count: int) -> int | None:
        if code not in targets:
            return None
        return targets[code] * (targets.get(times, 1) if times else 1)

    return rule


def share_of(code: str) -> TargetRule:
    """A programme-wide target shared among the sites, rounded up (20 practices, 10 sites: 2)."""

    def rule(targets: Mapping[str, int], site_count: int) -> int | None:
        if code not in targets or not site_count:
            return None
        return math.ceil(targets[code] / site_count)

    return rule


def programme_total(code: str) -> TargetRule:
    """The programme's total is the target ``code`` itself (20 seminars in all)."""

    def rule(targets: Mapping[str, int], site_count: int) -> int | None:
        return targets.get(code)

    return rule


def _str(record: Any) -> str:
    return str(record)


def _no_evidence(record: Any) -> list[tuple[str, str]]:
    return []


@dataclass(frozen=True)
class Indicator:
    key: str
    step: int
    title: str
    definition: str
    records: Callable[[Any], QuerySet]
    target: TargetRule
    link: Callable[[Any], str]
    site: str = ""
    region: str = ""
    count: str = "pk"
    total_target: TargetRule | None = None
    describe: Callable[[Any], str] = _str
    evidence: Callable[[Any], list[tuple[str, str]]] = _no_evidence
    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    order: int = 100
    short_title: str = ""
    dated: str = ""
    noun: tuple[str, str, str] = ("запись", "записи", "записей")
    closed: Callable[[Any, list[Any]], set[int]] | None = None
    room: Callable[[Any, list[Any]], dict[int, int]] | None = None
    #: Records of the same kind that the figure leaves out (``uncounted(programme)``, grouped by
    #: the same ``site``/``region`` field) and why each is left out (``why_not(record)``): a
    #: short cell lists them under its records, so it explains itself.
    uncounted: Callable[[Any], QuerySet] | None = None
    why_not: Callable[[Any], str] = _str

    def limits(self, programme: Any, sites: list[Any]) -> dict[int, int]:
        """``{site id: records that can still count}`` for the sites whose figure can grow
        only so much (0: it can no longer grow), from ``closed`` and ``room``."""
        found: dict[int, int] = {}
        if not sites:
            return found
        if self.room is not None:
            found.update(self.room(programme, sites))
        if self.closed is not None:
            found.update(dict.fromkeys(self.closed(programme, sites), 0))
        return found

    def __post_init__(self) -> None:
        if bool(self.site) == bool(self.region):
            raise ValueError(f"Indicator {self.key}: give exactly one of site= or region=")

    @property
    def group_lookup(self) -> str:
        return f"{self.site}_id" if self.site else f"{self.region}_id"

    def scoped(self, programme: Any, sites: Iterable[Any] | None = None) -> QuerySet:
        """The counted records, limited to ``sites`` when given (regional staff)."""
        return self._within(self.records(programme), sites)

    def uncounted_scoped(self, programme: Any, sites: Iterable[Any] | None = None) -> QuerySet:
        """The records left out (``uncounted``), limited to ``sites`` like ``scoped``."""
        if self.uncounted is None:
            raise ValueError(f"Indicator {self.key} names no records it leaves out")
        return self._within(self.uncounted(programme), sites)

    def _within(self, queryset: QuerySet, sites: Iterable[Any] | None) -> QuerySet:
        if sites is not None:
            sites = list(sites)
            if self.site:
                queryset = queryset.filter(**{f"{self.site}_id__in": [s.pk for s in sites]})
            else:
                regions = [s.region_id for s in sites]
                queryset = queryset.filter(**{f"{self.region}_id__in": regions})
        return queryset

    def counts(self, programme: Any, sites: list[Any]) -> dict[int, int]:
        """``{site id: figure}`` for ``sites``, in one grouped query."""
        rows = (
            self.scoped(programme, sites)
            .values(self.group_lookup)
            .annotate(n=Count(self.count, distinct=True))
            .order_by()
        )
        return self._by_site({row[self.group_lookup]: row["n"] for row in rows}, sites)

    def per_day(self, programme: Any, sites: list[Any]) -> dict[Any, int]:
        """``{date: records that began to count that day}`` for ``sites``, in one query."""
        if not self.dated:
            return {}
        rows = (
            self.scoped(programme, sites)
            .exclude(**{f"{self.dated}__isnull": True})
            .annotate(day=Trunc(self.dated, "day", output_field=DateField()))
            .values("day")
            .annotate(n=Count(self.count, distinct=True))
            .order_by("day")
        )
        return {row["day"]: row["n"] for row in rows}

    def dated_ids(self, programme: Any, sites: list[Any], until: Any) -> dict[int, list[tuple]]:
        """``{site id: [(record id, date), …]}`` of the records that counted by ``until``, in
        one query: what a period report and its frozen snapshot keep. Without ``dated`` every
        record counts, with no date."""
        found: dict[Any, list[tuple]] = {}
        if not self.dated:
            plain = self.scoped(programme, sites).values_list(self.group_lookup, "pk")
            for group, pk in plain.order_by("pk").distinct():
                found.setdefault(group, []).append((pk, None))
            return self._by_site(found, sites)
        rows = (
            self.scoped(programme, sites)
            .exclude(**{f"{self.dated}__isnull": True})
            .annotate(day=Trunc(self.dated, "day", output_field=DateField()))
            .filter(day__lte=until)
            .values_list(self.group_lookup, "pk", "day")
            .order_by("pk")
            .distinct()
        )
        for group, pk, day in rows:
            found.setdefault(group, []).append((pk, day))
        return self._by_site(found, sites)

    def _by_site(self, by_group: Mapping[Any, Any], sites: list[Any]) -> dict[int, Any]:
        if self.site:
            return {s.pk: by_group[s.pk] for s in sites if s.pk in by_group}
        return {s.pk: by_group[s.region_id] for s in sites if s.region_id in by_group}


_registry: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    _registry[indicator.key] = indicator
    return indicator


def unregister(key: str) -> None:
    _registry.pop(key, None)


def indicators() -> list[Indicator]:
    """Every registered indicator, by roadmap step, then order, then key."""
    return sorted(_registry.values(), key=lambda i: (i.step, i.order, i.key))


def get_indicator(key: str) -> Indicator | None:
    return _registry.get(key)


# --- Proofs of roadmap tasks ----------------------------------------------------------------
#
# A task of the plan-schedule is done when a record proves it, or when a federal coordinator
# marks it done with a note. Apps say which of their records prove which task:
#
#     register_proof(TaskProof(step=2, task=7, label=_("Отчёт о семинаре принят"),
#                              exists=lambda programme: Event.objects.filter(...).exists(),
#                              url="/events/manage/"))
#
# ``exists(programme)`` is one query; ``url`` opens the records that prove it. A task every
# pilot site does (a seminar held, a report accepted) names ``sites(programme)`` instead: the
# ids of the sites that have a proving record, as a ``values_list`` of the site's id (one
# query, read through ``site_ids``, which asks the database for each site once); it is done when
# every site of the programme has one, and until then the plan-schedule says how many have.


@dataclass(frozen=True)
class TaskProof:
    step: int
    task: int
    label: str
    exists: Callable[[Any], bool] | None = None
    url: str | Callable[[], str] = ""
    sites: Callable[[Any], Iterable[int]] | None = None

    def __post_init__(self) -> None:
        if (self.exists is None) == (self.sites is None):
            raise ValueError(f"Task {self.step}.{self.task}: give exactly one of exists= or sites=")

    def link(self) -> str:
        return self.url() if callable(self.url) else self.url

    def site_ids(self, programme: Any) -> set[int]:
        """The sites with a proving record. A queryset is made distinct without its model's
        ordering, which DISTINCT would otherwise take in: one row per site, not per record."""
        ids = self.sites(programme) if self.sites is not None else ()
        if isinstance(ids, QuerySet):
            ids = ids.order_by().distinct()
        return set(ids)


_proofs: dict[tuple[int, int], TaskProof] = {}


def register_proof(proof: TaskProof) -> TaskProof:
    _proofs[(proof.step, proof.task)] = proof
    return proof


def proofs() -> dict[tuple[int, int], TaskProof]:
    return dict(_proofs)
