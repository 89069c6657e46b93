"""A kept version stays until a change is committed, then moves, and never lapses on its own."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from resursnaya_sreda.kernel.versions import KeptVersion

pytestmark = pytest.mark.django_db


def test_a_version_moves_only_after_the_change_is_committed(django_capture_on_commit_callbacks):
    cache.clear()
    version = KeptVersion("tests:kept-version")
    first = version.current()
    assert version.current() == first == "0"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        version.forget(sender=object, instance=None, created=False)
    assert version.current() == first  # not before the commit: others still read old rows
    for callback in callbacks:
        callback()
    second = version.current()
    assert second != first and version.current() == second
    assert KeptVersion("tests:other-version").current() == "0"  # each key its own
    # The version is kept without a timeout (a lapsed one would come back as "0").
    assert cache._expire_info[cache.make_and_validate_key("tests:kept-version")] is None
