"""Keeping the disk in step with the database when a transaction fails.

Files are written while the row that names them is saved, inside the transaction. If the
transaction then rolls back, the row is gone and the file is an orphan. Services that store
files run in ``atomic_with_files()``: it is ``transaction.atomic`` that also deletes the files
its block wrote when the block fails. What escapes it (a rollback in an enclosing plain
``atomic``, a killed process) is found later by ``manage.py sweep_orphan_files``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.core.files.storage import Storage
from django.db import transaction

logger = logging.getLogger(__name__)

_written: ContextVar[list[tuple[Storage, str]] | None] = ContextVar(
    "portal_files_written", default=None
)


def track_written(storage: Storage, name: str) -> None:
    """Remember a file just stored, so a failing ``atomic_with_files`` block removes it."""
    pending = _written.get()
    if pending is not None:
        pending.append((storage, name))


def _delete_quietly(storage: Storage, name: str) -> None:
    try:
        storage.delete(name)
    except Exception:  # a cleanup must never hide the error that caused it
        logger.exception("Could not delete %s after a rollback", name)


@contextmanager
def atomic_with_files(using: str | None = None) -> Iterator[None]:
    """``transaction.atomic`` that deletes the files written in its block if the block fails.

    Usable as a decorator (``@atomic_with_files()``) or a ``with`` block. Nested blocks hand
    their files to the enclosing one on success, so an outer failure still removes them.
    """
    written: list[tuple[Storage, str]] = []
    parent = _written.get()
    token = _written.set(written)
    try:
        with transaction.atomic(using=using):
            yield
    except BaseException:
        for storage, name in written:
            _delete_quietly(storage, name)
        raise
    else:
        if parent is not None:
            parent.extend(written)
    finally:
        _written.reset(token)


def delete_on_commit(fieldfile: Any, *, using: str | None = None) -> None:
    """Delete a stored file once the transaction that stopped referring to it commits.

    For replaced or removed files: deleting at once would lose the file if the transaction
    then rolled back and the row kept pointing at it.
    """
    if not fieldfile:
        return
    storage, name = fieldfile.storage, fieldfile.name
    transaction.on_commit(lambda: _delete_quietly(storage, name), using=using)
