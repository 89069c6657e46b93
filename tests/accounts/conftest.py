"""Fixtures for the accounts tests: running commit hooks, and links out of letters."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.factories import RoadmapStepFactory

LINK = re.compile(r"https?://\S+")


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """``with commit(): client.post(...)`` runs the on-commit hooks (the mail task) as a real
    commit would; the test's own transaction is never committed."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def link_path(message, contains: str) -> str:
    """The path of the first link in an e-mail's body that contains ``contains``."""
    for url in LINK.findall(message.body):
        if contains in url:
            return urlsplit(url).path
    raise AssertionError(f"no link with {contains!r} in:\n{message.body}")


@pytest.fixture
def step_one(programme):
    return RoadmapStepFactory(programme=programme, number=1, title="Лучшие практики")
