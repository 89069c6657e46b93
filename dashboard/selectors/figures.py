"""The plan's figures kept in the cache between page loads.

Counting every indicator for 89 sites costs a few hundred milliseconds at national scale, while
the records behind them change seldom. The figures (``{key: {site pk: n}}`` and each
indicator's limits) are kept under a version key that changes after commit whenever a record of
an app that contributes figures is saved or deleted (``forget_figures``, connected in
``dashboard/apps.py``), and for ``FIGURES_SECONDS`` at most. Bulk ``update()`` sends no signal:
such a change shows when the kept figures expire. Frozen snapshots and reports always count
afresh.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from resursnaya_sreda.kernel.indicators import indicators
from resursnaya_sreda.kernel.versions import KeptVersion

FIGURES_SECONDS = 600
#: Every model of these apps may change a figure (questionnaires, admissions, decisions, pilot
#: practices, events, registrations, stories, contest entries, letters).
COUNTED_APPS = frozenset({"practices", "events", "letters", "contest", "videos"})
#: And these of the kernel: targets, roadmap steps, sites and the organisations' regions.
COUNTED_KERNEL_MODELS = frozenset(
    {"target", "roadmapstep", "pilotsite", "programme", "organisation"}
)


FIGURES = KeptVersion("dashboard:figures-version")
figures_version = FIGURES.current


def forget_figures(sender: Any, **kwargs: Any) -> None:
    """``post_save``/``post_delete`` receiver for every model: the kept figures are dropped
    after commit when the saved record is one that may count."""
    meta = getattr(sender, "_meta", None)
    if meta is None:
        return
    if meta.app_label in COUNTED_APPS or (
        meta.app_label == "kernel" and meta.model_name in COUNTED_KERNEL_MODELS
    ):
        FIGURES.forget()


def kept(name: str, programme: Any, sites: list[Any], today: datetime.date, compute: Any) -> Any:
    """``compute()`` kept under the figures' version, for this programme, day and set of
    sites."""
    digest = hashlib.sha1(",".join(str(s.pk) for s in sites).encode()).hexdigest()[:16]
    key = f"dashboard:{name}:{figures_version()}:{programme.pk}:{today.isoformat()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, FIGURES_SECONDS)
    return value


def kept_figures(
    programme: Any, sites: list[Any], today: datetime.date
) -> tuple[dict[str, dict[int, int]], dict[str, dict[int, int]], datetime.datetime]:
    """``(counts, limits, when counted)`` for ``sites``: from the cache, or counted now (one
    grouped query per indicator) and kept."""

    def count() -> tuple[dict, dict, datetime.datetime]:
        counts = {}
        limits = {}
        for indicator in indicators():
            counts[indicator.key] = indicator.counts(programme, sites) if sites else {}
            limits[indicator.key] = indicator.limits(programme, sites)
        return counts, limits, timezone.now()

    return kept("figures", programme, sites, today, count)
