"""Letters fixtures; events come from the events tests' own fixtures."""

from __future__ import annotations

import pytest

from tests.events.conftest import make_event, targets  # noqa: F401  (fixtures)


@pytest.fixture
def letterhead_a(site_a):
    from letters import services

    letterhead = services.letterhead_for_site(site_a)
    letterhead.signatory_name = "Иванова И. И."
    letterhead.signatory_position = "Директор"
    letterhead.save()
    return letterhead


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://portal.example"
