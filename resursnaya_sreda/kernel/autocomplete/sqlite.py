"""SQLite's LOWER() folds only ASCII letters; searches lower Cyrillic text as well."""

from __future__ import annotations

from typing import Any


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def teach_sqlite_unicode_lower(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created`` receiver: replace SQLite's lower() with Python's str.lower()."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("lower", 1, _lower, deterministic=True)
