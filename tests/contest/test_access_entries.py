"""Who may do what with a contest entry, state by state, and whose entries a person sees.

The applicant fills in, the regional centre of the entry's region checks and may help, the
federal centre sends and records the result; another region is a 404 everywhere.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from contest import permissions
from contest.models import Entry, EntryState
from resursnaya_sreda.accounts.models import Role
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

S = EntryState


def _in_state(entry, state):
    entry.state = state
    return entry


def _ids(queryset):
    return {e.pk for e in queryset}


def test_each_person_sees_their_own_entries(
    draft_entry, applicant, applicant_b, regional_a, regional_b, federal, expert, anonymous
):
    assert _ids(permissions.visible_entries(applicant)) == {draft_entry.pk}
    assert _ids(permissions.visible_entries(regional_a)) == {draft_entry.pk}
    assert _ids(permissions.visible_entries(federal)) == {draft_entry.pk}
    for user in (applicant_b, regional_b, expert, anonymous):
        assert _ids(permissions.visible_entries(user)) == set()
        with pytest.raises(Http404):
            permissions.get_entry_for_user(user, draft_entry.pk)


def test_a_given_list_is_narrowed_not_replaced(draft_entry, federal):
    assert _ids(permissions.visible_entries(federal, Entry.objects.none())) == set()
    found = permissions.get_entry_for_user(federal, draft_entry.pk)
    assert found == draft_entry
    assert found.region.name


def test_an_applicant_who_is_also_staff_of_another_region_sees_both(
    draft_entry, applicant_b, site_a
):
    MembershipFactory(user=applicant_b, role=Role.REGIONAL, pilot_site=site_a)
    assert _ids(permissions.visible_entries(applicant_b)) == {draft_entry.pk}
    assert permissions.can_view_entry(applicant_b, draft_entry)
    assert permissions.is_staff_for(applicant_b, draft_entry)
    assert not permissions.represents(applicant_b, draft_entry)


@pytest.mark.parametrize("state", list(S))
def test_the_entry_is_edited_only_as_a_draft_or_returned(
    draft_entry, applicant, regional_a, regional_b, federal, state
):
    entry = _in_state(draft_entry, state)
    editable = state in (S.DRAFT, S.RETURNED)
    assert permissions.can_edit_entry(applicant, entry) is editable
    assert permissions.can_submit_entry(applicant, entry) is editable
    # The regional centre may help with the filling in.
    assert permissions.can_edit_entry(regional_a, entry) is editable
    assert not permissions.can_edit_entry(regional_b, entry)
    assert not permissions.can_edit_entry(federal, entry)


@pytest.mark.parametrize("state", list(S))
def test_checking_returning_sending_and_results_each_have_their_state(
    draft_entry, applicant, regional_a, regional_b, federal, state
):
    entry = _in_state(draft_entry, state)
    assert permissions.can_check_entry(regional_a, entry) is (state == S.SUBMITTED)
    assert permissions.can_return_entry(regional_a, entry) is (state in (S.SUBMITTED, S.CHECKED))
    assert permissions.can_send_entry(federal, entry) is (state == S.CHECKED)
    assert permissions.can_record_result(federal, entry) is (state in (S.SENT, S.RESULT))
    for user in (applicant, regional_b):
        assert not permissions.can_check_entry(user, entry)
        assert not permissions.can_return_entry(user, entry)
    for user in (applicant, regional_a):
        assert not permissions.can_send_entry(user, entry)
        assert not permissions.can_record_result(user, entry)


def test_a_submitted_entry_is_not_editable_through_the_page_rule(submitted_entry, applicant):
    with pytest.raises(PermissionDenied):
        permissions.get_editable_entry_for_user(applicant, submitted_entry.pk)
    with pytest.raises(PermissionDenied):
        permissions.get_staff_entry_for_user(applicant, submitted_entry.pk)


def test_starting_entries(practice_a, applicant, applicant_b, regional_a, regional_b, federal):
    assert permissions.can_start_entry_for(applicant, practice_a)
    assert permissions.can_start_entry_for(regional_a, practice_a)
    assert permissions.can_start_entry_for(federal, practice_a)
    assert not permissions.can_start_entry_for(applicant_b, practice_a)
    assert not permissions.can_start_entry_for(regional_b, practice_a)
    assert permissions.can_start_entries(applicant)
    assert permissions.can_start_entries(regional_b)
    assert permissions.can_start_entries(federal)
    assert not permissions.can_start_entries(UserFactory())


def test_packages_are_for_the_federal_centre_and_the_entrys_region(
    draft_entry, regional_a, regional_b, federal, applicant, site_a, site_b
):
    assert permissions.can_request_package(federal)
    assert permissions.can_request_package(regional_a, entry=draft_entry)
    assert not permissions.can_request_package(regional_b, entry=draft_entry)
    assert not permissions.can_request_package(applicant, entry=draft_entry)
    assert permissions.can_request_package(regional_a, site=site_a)
    assert not permissions.can_request_package(regional_a, site=site_b)
    assert not permissions.can_request_package(regional_a)


def test_the_readiness_page_and_the_collection_editor(regional_a, federal, applicant):
    assert permissions.can_see_readiness(regional_a)
    assert permissions.can_see_readiness(federal)
    assert not permissions.can_see_readiness(applicant)
    assert permissions.can_edit_collection(federal)
    assert not permissions.can_edit_collection(regional_a)
    with pytest.raises(Http404):
        permissions.get_edition_for_editor(regional_a, 1)
    with pytest.raises(Http404):
        permissions.get_edition_for_editor(federal, 10**9)


def test_unknown_files_and_comments_are_404(draft_entry, federal):
    for getter in (
        permissions.get_attachment_for_user,
        permissions.get_package_for_user,
        permissions.get_comment_for_staff,
        permissions.get_chapter_for_user,
        permissions.get_asset_for_user,
        permissions.get_published_edition_pdf,
    ):
        with pytest.raises(Http404):
            getter(federal, 10**9)
    with pytest.raises(Http404):
        permissions.get_diploma_for_user(federal, draft_entry.pk)


@pytest.mark.parametrize("state", ["draft", "with_org", "changes", "approved"])
def test_a_chapter_is_approved_by_its_organisation_while_with_them(
    practice_a, applicant, applicant_b, federal, state
):
    from contest.models import Chapter

    chapter = Chapter(questionnaire=practice_a, state=state)
    assert permissions.can_approve_chapter(applicant, chapter) is (state == "with_org")
    assert not permissions.can_approve_chapter(applicant_b, chapter)
    assert not permissions.can_approve_chapter(federal, chapter)
    # The organisation reads its chapter once the editor has sent it; the editor always.
    assert permissions.can_view_chapter_draft(applicant, chapter) is (state != "draft")
    assert not permissions.can_view_chapter_draft(applicant_b, chapter)
    assert permissions.can_view_chapter_draft(federal, chapter)
