"""A median the database computes: PERCENTILE_CONT on PostgreSQL, a registered aggregate on
SQLite (which has none built in), so the ranking never pulls scores into Python loops."""

from __future__ import annotations

import statistics
from typing import Any

from django.db.models import Aggregate, FloatField

SQLITE_MEDIAN = "RS_MEDIAN"


class Median(Aggregate):
    function = SQLITE_MEDIAN
    name = "Median"
    output_field = FloatField()
    allow_distinct = False

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # On the clone, not as keyword arguments: Aggregate.as_sql builds its FILTER template
        # from ``self.template`` and would receive ``template`` twice.
        clone = self.copy()
        clone.function = "PERCENTILE_CONT"
        clone.template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
        return clone.as_sql(compiler, connection, **extra)


class _SqliteMedian:
    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value: Any) -> None:
        if value is not None:
            self.values.append(float(value))

    def finalize(self) -> float | None:
        return statistics.median(self.values) if self.values else None


def register_sqlite_median(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created`` receiver: teach each SQLite connection the median."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate(SQLITE_MEDIAN, 1, _SqliteMedian)
