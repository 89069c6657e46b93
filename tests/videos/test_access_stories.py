"""Who may do what with a video story, state by state: each step belongs to one or two states
and to the story's own site (or the federal centre); another site's story is a 404."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from videos import permissions
from videos.models import Story, StoryState

pytestmark = pytest.mark.django_db

S = StoryState


def _in_state(story, state):
    story.state = state
    return story


def test_staff_pages_and_federal_tools(regional_a, federal, applicant, expert):
    assert permissions.can_see_staff_pages(regional_a)
    assert permissions.can_see_staff_pages(federal)
    for user in (applicant, expert):
        assert not permissions.can_see_staff_pages(user)
    assert permissions.can_manage_specification(federal)
    assert permissions.can_manage_schedule(federal)
    assert not permissions.can_manage_specification(regional_a)
    assert not permissions.can_manage_schedule(regional_a)


def test_a_site_acts_for_itself_only(regional_a, federal, site_a, site_b):
    assert permissions.can_acknowledge(regional_a, site_a)
    assert not permissions.can_acknowledge(regional_a, site_b)
    assert not permissions.can_acknowledge(federal, site_a)
    assert permissions.can_create_story(regional_a, site_a)
    assert not permissions.can_create_story(regional_a, site_b)
    assert permissions.can_create_story(federal, site_b)


@pytest.mark.parametrize("state", list(S))
def test_each_step_of_the_site_belongs_to_its_states(story_a, regional_a, regional_b, state):
    story = _in_state(story_a, state)
    script = state in (S.IDEA, S.SCRIPT_RETURNED)
    crew = state not in (S.CUT_APPROVED, S.SCHEDULED, S.PUBLISHED)
    cut = state in (S.FILMING, S.CUT_RETURNED)
    assert permissions.can_edit_script(regional_a, story) is script
    assert permissions.can_submit_script(regional_a, story) is script
    assert permissions.can_edit_crew(regional_a, story) is crew
    assert permissions.can_start_filming(regional_a, story) is (state == S.SCRIPT_APPROVED)
    assert permissions.can_upload_cut(regional_a, story) is cut
    assert permissions.can_submit_cut(regional_a, story) is cut
    assert permissions.can_propose_dates(regional_a, story) is (state != S.PUBLISHED)
    for check in (
        permissions.can_edit_script,
        permissions.can_edit_crew,
        permissions.can_start_filming,
        permissions.can_upload_cut,
        permissions.can_propose_dates,
    ):
        assert not check(regional_b, story)


@pytest.mark.parametrize("state", list(S))
def test_the_federal_centre_reviews_in_the_submitted_states(story_a, regional_a, federal, state):
    story = _in_state(story_a, state)
    assert permissions.can_review_script(federal, story) is (state == S.SCRIPT_SUBMITTED)
    assert permissions.can_review_cut(federal, story) is (state == S.CUT_SUBMITTED)
    links = state in (S.CUT_APPROVED, S.SCHEDULED, S.PUBLISHED)
    assert permissions.can_record_links(federal, story) is links
    for check in (
        permissions.can_review_script,
        permissions.can_review_cut,
        permissions.can_record_links,
    ):
        assert not check(regional_a, story)


def test_another_sites_story_is_a_404(story_a, regional_a, regional_b, federal):
    assert permissions.get_story_for_user(regional_a, story_a.pk) == story_a
    assert permissions.get_story_for_user(federal, story_a.pk) == story_a
    assert permissions.get_story_script_file(regional_a, story_a.pk) == story_a
    for pk in (story_a.pk, 10**9, "abc"):
        with pytest.raises(Http404):
            permissions.get_story_for_user(regional_b, pk)


def test_only_a_published_story_has_a_public_page(story_a):
    with pytest.raises(Http404):
        permissions.get_public_story(story_a.pk)
    Story.objects.filter(pk=story_a.pk).update(state=S.PUBLISHED)
    assert permissions.get_public_story(story_a.pk) == story_a
    found = permissions.get_public_story(story_a.pk)
    assert found.pilot_site.region.name


def test_require_refuses_what_is_not_allowed_now():
    permissions.require(True)
    with pytest.raises(PermissionDenied):
        permissions.require(False)


def test_unknown_files_are_404(regional_a, federal):
    for getter in (
        permissions.get_specification_file,
        permissions.get_partner_file,
        permissions.get_person_file,
        permissions.get_cut_for_user,
        permissions.get_public_poster,
    ):
        for pk in (10**9, "abc"):
            with pytest.raises(Http404):
                getter(federal, pk)


def test_a_draft_specification_is_the_federal_centres(spec, regional_a, federal, applicant):
    from videos.models import Specification, SpecificationState

    Specification.objects.filter(pk=spec.pk).update(state=SpecificationState.DRAFT)
    with pytest.raises(Http404):
        permissions.get_specification_file(regional_a, spec.pk)
    assert permissions.get_specification_file(federal, spec.pk) == spec
    Specification.objects.filter(pk=spec.pk).update(state=SpecificationState.ISSUED)
    assert permissions.get_specification_file(regional_a, spec.pk) == spec
    with pytest.raises(Http404):
        permissions.get_specification_file(applicant, spec.pk)
