"""Step-4 fixtures: sites with practices, the issued specification, stories of two regions."""

from __future__ import annotations

import pytest

from tests.videos.factories import practice_for, spec_for, story_for


@pytest.fixture
def spec(programme):
    return spec_for(programme)


@pytest.fixture
def practice_a(site_a):
    return practice_for(site_a, "Школа межнационального диалога", slot=1)


@pytest.fixture
def practice_a2(site_a):
    return practice_for(site_a, "Фестиваль национальных культур", slot=2)


@pytest.fixture
def story_a(site_a, regional_a, practice_a, practice_a2):
    return story_for(site_a, regional_a, practices=[practice_a, practice_a2])


@pytest.fixture
def story_b(site_b, regional_b):
    return story_for(site_b, regional_b, title="Дербент — город народов")
