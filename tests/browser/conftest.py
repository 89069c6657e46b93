"""The demo data for browser tests of whole pages (``demo``)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # demo_data refuses to run otherwise
    call_command("demo_data", stdout=io.StringIO())
    settings.DEBUG = False
