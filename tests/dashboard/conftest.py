"""Dashboard fixtures: the programme with the seed's seven steps and targets, placed so that
today falls inside step 1 (the demo's placement)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from resursnaya_sreda.kernel.services import programme_seed_roadmap


@pytest.fixture
def roadmap(programme):
    """Steps from the seed, step 1 started 30 days ago."""
    programme_seed_roadmap(
        programme=programme, start=timezone.localdate() - datetime.timedelta(days=30)
    )
    return programme


@pytest.fixture
def steps(roadmap):
    return {step.number: step for step in roadmap.steps.all()}
