"""ReadOnlyAdminMixin: the pages that only show records refuse adding, changing and deleting
to a federal coordinator who may open them; the two that may still delete say so."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from resursnaya_sreda.kernel.admin import ReadOnlyAdminMixin

pytestmark = pytest.mark.django_db

READ_ONLY_PAGES = {
    "kernel.Region",
    "auditlog.LogEntry",
    "accounts.Invitation",
    "reports.DocumentJob",
    "practices.Review",
    "practices.ExpertTask",
    "letters.Mailing",
    "letters.Letter",
    "letters.Reply",
}
# Read-only, yet deletable: invitations by coordinators, document jobs by superusers.
DELETABLE = {"accounts.Invitation": True, "reports.DocumentJob": False}


def _read_only_admins() -> dict[str, admin.ModelAdmin]:
    return {
        model._meta.label: model_admin
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, ReadOnlyAdminMixin)
    }


def test_the_mixin_serves_exactly_the_read_only_pages():
    assert set(_read_only_admins()) == READ_ONLY_PAGES


@pytest.mark.parametrize("label", sorted(READ_ONLY_PAGES))
def test_a_read_only_page_refuses_add_and_change(label, federal):
    request = RequestFactory().get("/admin/")
    request.user = federal
    model_admin = _read_only_admins()[label]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert model_admin.has_delete_permission(request) is DELETABLE.get(label, False)


def test_the_region_add_page_is_forbidden_and_the_list_opens(login, federal):
    client = login(federal)
    assert client.get(reverse("admin:kernel_region_add")).status_code == 403
    assert client.get(reverse("admin:kernel_region_changelist")).status_code == 200


@pytest.mark.parametrize(
    ("model_name", "inline_name"),
    [
        ("practices.Questionnaire", "HistoryInline"),
        ("practices.Questionnaire", "AttachmentInline"),
        ("practices.Questionnaire", "CommentInline"),
        ("practices.Review", "ScoreInline"),
        ("events.Event", "HistoryInline"),
    ],
)
def test_read_only_inlines_offer_no_new_rows_and_no_delete(model_name, inline_name, federal):
    request = RequestFactory().get("/admin/")
    request.user = federal
    parent = next(a for m, a in admin.site._registry.items() if m._meta.label == model_name)
    inline_class = next(i for i in parent.inlines if i.__name__ == inline_name)
    inline = inline_class(parent.model, admin.site)
    assert isinstance(inline, ReadOnlyAdminMixin)
    assert not inline.has_add_permission(request, None)
    assert not inline.has_change_permission(request, None)
    assert not inline.has_delete_permission(request, None)
