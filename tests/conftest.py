"""Fixtures for every role: federal, regional A, regional B, expert, applicant, anonymous."""

from __future__ import annotations

import os
import shutil

import pytest
from resursnaya_sreda.accounts.models import Role
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    PilotSiteFactory,
    ProgrammeFactory,
    UserFactory,
    region,
)

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# beside it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    """Each test writes its files under its own temporary MEDIA_ROOT."""
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    settings.PUBLIC_MEDIA_ROOT = media / "public"
    settings.PRIVATE_MEDIA_ROOT = media / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media / "public", "base_url": "/media/"},
        },
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media / "private", "base_url": None},
        },
    }
    yield media
    shutil.rmtree(media, ignore_errors=True)


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def programme(db):
    return ProgrammeFactory(title="Ресурсная среда — тест", year=2020, is_current=True)


@pytest.fixture
def site_a(programme):
    """The pilot site in Tatarstan."""
    return PilotSiteFactory(programme=programme, region=region("16"))


@pytest.fixture
def site_b(programme):
    """The pilot site in Dagestan: another region, invisible to regional staff of A."""
    return PilotSiteFactory(programme=programme, region=region("05"))


@pytest.fixture
def federal(db):
    user = UserFactory(email="federal@test.example", full_name="Федеральная Фаина Фёдоровна")
    MembershipFactory(user=user, role=Role.FEDERAL)
    return user


@pytest.fixture
def regional_a(site_a):
    user = UserFactory(email="regional-a@test.example", full_name="Региональный Артём Альбертович")
    MembershipFactory(user=user, role=Role.REGIONAL, pilot_site=site_a)
    return user


@pytest.fixture
def regional_b(site_b):
    user = UserFactory(email="regional-b@test.example", full_name="Региональная Бэла Бековна")
    MembershipFactory(user=user, role=Role.REGIONAL, pilot_site=site_b)
    return user


@pytest.fixture
def expert(db):
    user = UserFactory(email="expert@test.example", full_name="Экспертова Эльза Эдуардовна")
    MembershipFactory(user=user, role=Role.EXPERT)
    return user


@pytest.fixture
def applicant_organisation(db):
    return OrganisationFactory(name="АНО «Дружба народов»", region=region("16"))


@pytest.fixture
def applicant(applicant_organisation):
    user = UserFactory(email="applicant@test.example", full_name="Заявителев Захар Захарович")
    MembershipFactory(user=user, role=Role.APPLICANT, organisation=applicant_organisation)
    return user


@pytest.fixture
def anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@pytest.fixture
def login(client):
    """``login(user)`` returns the test client logged in as that user (or anonymous for None)."""

    def _login(user):
        client.logout()
        if user is not None and getattr(user, "is_authenticated", False):
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login

