"""A version in the cache for what is kept until its records change.

Usage::

    from resursnaya_sreda.kernel.versions import KeptVersion

    MATRIX = KeptVersion("videos:matrix-version")
    key = f"videos:matrix:{programme.pk}:{MATRIX.current()}"      # what is kept
    post_save.connect(MATRIX.forget, sender=Story, dispatch_uid=…)  # a change renews it

Why. What is kept (a rendered table, a count) goes under a key that holds the version; a change
gives a new version after its commit, so the old entries are never asked for again and expire
by themselves — nothing has to find and drop them. The version itself never expires: one that
lapsed would come back as ``"0"`` and could meet entries kept under an earlier ``"0"``.
Renewing after commit (not at once) keeps another request, reading the old rows meanwhile,
from keeping them under the new version.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.cache import cache
from django.db import transaction


class KeptVersion:
    def __init__(self, key: str) -> None:
        self.key = key

    def current(self) -> str:
        return str(cache.get_or_set(self.key, "0", None))

    def renew(self) -> None:
        """A new version now (for callers already past their commit, and tests)."""
        cache.set(self.key, uuid.uuid4().hex, None)

    def forget(self, **kwargs: Any) -> None:
        """``post_save``/``post_delete`` receiver: a new version once the change is committed."""
        transaction.on_commit(self.renew)
