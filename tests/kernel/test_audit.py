"""The change history (django-auditlog): what is logged, who is named, what is left out."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.auth import get_user_model
from django.utils import timezone

from resursnaya_sreda.accounts.models import Membership, Role
from resursnaya_sreda.kernel import services
from resursnaya_sreda.kernel.models import (
    Municipality,
    Organisation,
    PilotSite,
    Programme,
    Region,
    RoadmapStep,
    RoadmapTask,
    Target,
)
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    [
        Municipality,
        Organisation,
        Programme,
        PilotSite,
        RoadmapStep,
        RoadmapTask,
        Target,
        Membership,
    ],
)
def test_kernel_and_membership_records_keep_a_history(model):
    assert auditlog.contains(model)


def test_shipped_regions_are_not_logged():
    assert not auditlog.contains(Region)


@pytest.mark.urls("tests.kernel.portal_view_urls")
def test_change_in_a_portal_view_is_logged_with_its_actor(regional_a, login):
    org = OrganisationFactory(short_name="Было")
    response = login(regional_a).post(f"/rename/{org.pk}/", {"short_name": "Стало"})
    assert response.status_code == 200
    entry = LogEntry.objects.get_for_object(org).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == regional_a
    assert entry.changes_dict["short_name"] == ["Было", "Стало"]


def test_change_outside_a_request_has_no_actor():
    programme = services.programme_create_from_seed(title="Без запроса", year=2020)
    entry = LogEntry.objects.get_for_object(programme).get()
    assert entry.actor is None


def test_user_log_leaves_out_the_password_and_last_login():
    user = UserFactory(full_name="Иванова Анна Петровна")
    user.set_password("another-password-1")
    user.save()
    get_user_model().objects.filter(pk=user.pk).update(last_login=timezone.now())
    user.refresh_from_db()
    user.full_name = "Петрова Анна Петровна"
    user.save()
    entries = LogEntry.objects.get_for_object(user)
    for entry in entries:
        assert "password" not in entry.changes_dict
        assert "last_login" not in entry.changes_dict
    assert entries.filter(action=LogEntry.Action.UPDATE).exists()


def test_a_role_granted_is_logged():
    membership = MembershipFactory(role=Role.EXPERT)
    entry = LogEntry.objects.get_for_object(membership).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.changes_dict["role"][1] == Role.EXPERT
