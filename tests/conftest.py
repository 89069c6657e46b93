"""Fixtures for every role: federal, regional A, regional B, expert, applicant, anonymous."""

from __future__ import annotations

import os
import shutil

import pytest

from resursnaya_sreda.accounts.models import Role
from tests import second_factor
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

# Staff logged in by a test are enrolled and verified automatically (tests/second_factor.py).
second_factor.install()


@pytest.fixture(autouse=True)
def _auto_second_factor():
    """Staff memberships made in a test come with a test second factor."""
    from django.db.models.signals import post_save

    from resursnaya_sreda.accounts.models import Membership

    second_factor.state.enabled = True
    post_save.connect(second_factor.on_membership_saved, sender=Membership, dispatch_uid="t2f")
    yield
    post_save.disconnect(sender=Membership, dispatch_uid="t2f")
    second_factor.state.enabled = True


@pytest.fixture
def without_auto_factor():
    """Staff in this test have no factor until they enrol, and logins are not verified."""
    second_factor.state.enabled = False
    yield
    second_factor.state.enabled = True


@pytest.fixture
def login_unverified(client):
    """``login_unverified(user)``: a session that passed the password step only."""

    def _login(user):
        client.logout()
        return second_factor.login_without_verifying(client, user)

    return _login


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    """Each test writes its files under its own temporary MEDIA_ROOT.

    With ``STORAGE_URL=s3://…`` (CI runs the upload and document tests once against a local S3
    server) each test gets its own prefix in the bucket instead, removed afterwards.
    """
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    settings.PUBLIC_MEDIA_ROOT = media / "public"
    settings.PRIVATE_MEDIA_ROOT = media / "private"
    if os.environ.get("STORAGE_URL"):
        yield from _s3_media(settings, media)
        return
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


def _s3_media(settings, media):
    import uuid
    from urllib.parse import urlsplit, urlunsplit

    from resursnaya_sreda.env import s3_storages

    url = urlsplit(os.environ["STORAGE_URL"])
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    scoped = urlunsplit(url._replace(path=f"{url.path.rstrip('/')}/{prefix}"))
    settings.STORAGES = {**settings.STORAGES, **s3_storages(scoped)}
    yield media
    from django.core.files.storage import storages

    for alias in ("default", "private"):
        storage = storages[alias]
        storage.bucket.objects.filter(Prefix=storage.location).delete()


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


# --- Browser ------------------------------------------------------------------------------
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_report_header(config):
    """Say which services this run proves: CI runs on PostgreSQL with a Celery worker on Redis."""
    from django.conf import settings as django_settings

    engine = django_settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    redis = django_settings.REDIS_URL or "не задан (задачи выполняются сразу)"
    return [f"database: {engine}", f"redis: {redis}"]


def pytest_collection_modifyitems(config, items):
    """Every transactional test restores the data shipped by migrations (regions, directions).

    A transactional test empties the tables when it ends; without a serialized rollback the
    next test would find no regions, and content types recreated with other keys.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if not marker or not marker.kwargs.get("transaction"):
            continue
        if "serialized_rollback" not in marker.kwargs:
            item.add_marker(
                pytest.mark.django_db(*marker.args, **marker.kwargs, serialized_rollback=True),
                append=False,
            )


@pytest.fixture(scope="session")
def browser(django_db_setup, django_db_blocker):
    """One headless Debian Chromium per test process, driven by Playwright."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs in its own greenlet, and from then on the tests see fresh
    # connection objects; the serialized copy of the test database must follow them.
    serialized = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            if contents is not None:
                connections[alias]._test_serialized_contents = contents
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


def _answering_dialogs(tab):
    """Irreversible actions ask once (data-confirm): accept, and keep the questions in
    ``tab.dialogs`` to assert on."""
    tab.dialogs = []

    def _answer(dialog):
        tab.dialogs.append(dialog.message)
        dialog.accept()

    tab.on("dialog", _answer)
    return tab


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page (own cookies) whose relative URLs go to the live server.

    It answers the login's code step with the test code by itself, so staff log in through
    the real form as before (tests/second_factor.py). It bypasses the Content-Security-Policy,
    because Playwright's ``wait_for_function("…")`` evaluates its string with ``eval``; tests
    of the policy itself use ``plain_page``, which enforces it.
    """
    context = browser.new_context(
        base_url=live_server.url,
        locale="ru-RU",
        viewport={"width": 1280, "height": 900},
        bypass_csp=True,
    )
    context.set_default_timeout(15_000)
    context.add_init_script(second_factor.AUTOFILL_SCRIPT)
    tab = _answering_dialogs(context.new_page())
    yield tab
    context.close()


@pytest.fixture
def plain_page(browser, live_server):
    """A browser page that types nothing by itself and enforces the Content-Security-Policy
    (for tests of the second factor and of the policy)."""
    context = browser.new_context(
        base_url=live_server.url, locale="ru-RU", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    tab = _answering_dialogs(context.new_page())
    yield tab
    context.close()


@pytest.fixture
def screenshot(request):
    """``screenshot(page, "name")`` saves var/screenshots/<test>-<name>.png for a human to view."""
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "var" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)

    def _take(tab, name: str, *, full_page: bool = True) -> Path:
        path = folder / f"{request.node.name}-{name}.png"
        tab.screenshot(path=str(path), full_page=full_page)
        return path

    return _take


@pytest.fixture
def browser_login(page, password):
    """Log the page in through the real login form."""

    def _login(user, *, tab=None):
        tab = tab or page
        tab.goto("/accounts/login/")
        tab.fill("input[name=username]", user.email)
        tab.fill("input[name=password]", password)
        tab.click("button[type=submit]")
        # Staff pass the code step too (the page fills it in); wait until the login is done.
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            tab.wait_for_url(lambda url: "/accounts/login" not in url, timeout=10_000)
        except PlaywrightTimeout:
            pass  # a refused login stays on the form; the test looks at why
        return tab

    return _login
