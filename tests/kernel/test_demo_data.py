"""``manage.py demo_data``: idempotent, placed around today, accounts that log in."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.utils import timezone

from resursnaya_sreda.accounts.models import Membership, Role, User
from resursnaya_sreda.kernel import demo, demo_loaders
from resursnaya_sreda.kernel.models import (
    Municipality,
    Organisation,
    OrganisationKind,
    PilotSite,
    Programme,
    RoadmapStep,
    RoadmapTask,
    Target,
)

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

COUNTED = [
    Programme,
    PilotSite,
    Organisation,
    Municipality,
    User,
    Membership,
    RoadmapStep,
    RoadmapTask,
    Target,
]


@pytest.fixture
def debug(settings):
    settings.DEBUG = True
    return settings


@pytest.fixture
def kernel_only(debug, monkeypatch):
    """The command without the apps' demo modules: the kernel part alone, and fast."""
    monkeypatch.setattr(demo_loaders, "_loaders", {})


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_demo_data_twice_gives_the_same_counts(debug):
    call_command("demo_data")
    first = _counts()
    call_command("demo_data")
    assert _counts() == first
    assert first["PilotSite"] == 10
    assert first["Programme"] == 1


def test_demo_programme_is_current_and_named_for_this_year(kernel_only):
    call_command("demo_data")
    programme = Programme.objects.get(is_current=True)
    assert programme.title == f"Ресурсная среда — {timezone.localdate().year}"


def test_questionnaire_step_is_open_today_with_work_under_way_and_ahead(kernel_only):
    call_command("demo_data")
    today = timezone.localdate()
    steps = {s.number: s for s in Programme.objects.get(is_current=True).steps.all()}
    assert steps[1].is_open_on(today)
    assert (today - steps[1].starts_on).days == demo.DAYS_SINCE_START
    assert steps[2].state_on(today) == "current"
    assert steps[4].state_on(today) == "ahead"
    assert steps[7].state_on(today) == "ahead"


def test_demo_keeps_the_seed_durations_and_gaps(kernel_only):
    call_command("demo_data")
    steps = {s.number: s for s in Programme.objects.get(is_current=True).steps.all()}
    assert (steps[1].ends_on - steps[1].starts_on).days == 91  # 01.03–31.05
    assert (steps[6].starts_on - steps[1].starts_on).days == 214  # 01.03 → 01.10
    assert (steps[7].ends_on - steps[7].starts_on).days == 15  # 15.11–30.11


def test_a_later_run_moves_the_programme_to_the_new_today(debug):
    first_day = datetime.date(2030, 5, 1)
    demo.populate(today=first_day)
    demo.populate(today=first_day + datetime.timedelta(days=10))
    step1 = Programme.objects.get(is_current=True).steps.get(number=1)
    assert step1.starts_on == first_day + datetime.timedelta(days=10 - demo.DAYS_SINCE_START)
    assert RoadmapStep.objects.count() == 7


def test_every_pilot_site_has_a_resource_centre_municipalities_and_staff(kernel_only):
    call_command("demo_data")
    for site in PilotSite.objects.select_related("centre", "region"):
        assert site.centre.kind == OrganisationKind.RESOURCE_CENTRE
        assert site.centre.region_id == site.region_id
        assert site.centre.inn and site.centre.ogrn
        assert Municipality.objects.filter(region=site.region).count() >= 3
        assert site.memberships.filter(role=Role.REGIONAL).exists()


def test_regional_demo_account_works_in_the_first_pilot_site(kernel_only):
    call_command("demo_data")
    membership = Membership.objects.get(user__email="regional@example.org")
    assert membership.role == Role.REGIONAL
    assert membership.pilot_site.region.code == "16"
    applicant = Membership.objects.get(user__email="applicant@example.org")
    assert applicant.role == Role.APPLICANT
    assert applicant.organisation.kind == OrganisationKind.NGO
    assert applicant.organisation.region_id == membership.pilot_site.region_id


DEMO_ACCOUNTS = [
    ("federal@example.org", Role.FEDERAL),
    ("regional@example.org", Role.REGIONAL),
    ("regional.primorye@example.org", Role.REGIONAL),
    ("expert@example.org", Role.EXPERT),
    ("expert3@example.org", Role.EXPERT),
    ("applicant@example.org", Role.APPLICANT),
    ("applicant4@example.org", Role.APPLICANT),
]


def test_demo_accounts_log_in_with_the_demo_password(kernel_only):
    call_command("demo_data")
    request = RequestFactory().post("/accounts/login/")
    for email, role in DEMO_ACCOUNTS:
        user = authenticate(request, username=email, password="demo-password")
        assert user is not None and user.email == email
        assert user.email_confirmed_at is not None
        assert len(user.full_name.split()) == 3  # фамилия, имя и отчество
        assert user.position
        assert user.memberships.filter(role=role).exists()


def test_there_are_three_experts_and_four_applicant_organisations(kernel_only):
    call_command("demo_data")
    assert Membership.objects.filter(role=Role.EXPERT).count() == 3
    applicants = Membership.objects.filter(role=Role.APPLICANT)
    assert applicants.values("organisation").distinct().count() == 4


def test_demo_data_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_data")
    assert not Programme.objects.exists()
    assert not User.objects.exists()


def test_demo_data_prints_the_accounts(kernel_only, capsys):
    call_command("demo_data")
    out = capsys.readouterr().out
    assert "federal@example.org" in out and "demo-password" in out


def test_app_demo_loaders_are_called_in_their_order_after_the_kernel(debug, monkeypatch):
    import sys
    import types

    calls: list[tuple[str, str]] = []
    monkeypatch.setattr(demo_loaders, "_loaders", {})
    for name in ("first", "second"):
        module = types.ModuleType(f"tests.kernel.{name}_demo")
        module.populate = lambda programme, name=name: calls.append((name, programme.title))
        monkeypatch.setitem(sys.modules, f"tests.kernel.{name}_demo", module)
    # Registered out of order: the order number decides, not the time of registration.
    demo_loaders.register_demo("second", "tests.kernel.second_demo.populate", order=20)
    demo_loaders.register_demo("first", "tests.kernel.first_demo.populate", order=10)
    call_command("demo_data")
    title = f"Ресурсная среда — {timezone.localdate().year}"
    assert calls == [("first", title), ("second", title)]


def test_every_app_with_demo_records_registers_its_loader():
    keys = [loader.key for loader in demo_loaders.demo_loaders()]
    assert keys[:3] == ["public", "practices", "events"]


def test_a_registered_demo_loader_that_cannot_be_imported_fails_loudly(debug, monkeypatch):
    monkeypatch.setattr(demo_loaders, "_loaders", {})
    demo_loaders.register_demo("broken", "tests.kernel.no_such_demo.populate", order=1)
    with pytest.raises(ImportError, match="no_such_demo"):
        call_command("demo_data")
