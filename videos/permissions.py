"""Who may see and do what with video stories.

Regional staff work on their own site's stories; federal coordinators see all of them, review
scripts and cuts, set the channel's rules and make the schedule. Another region's story (its
script, cut, partners, people on screen) is a 404, so an id confirms nothing. The public sees
published stories and the published schedule only.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from resursnaya_sreda.accounts import permissions as roles
from videos.models import (
    CREW_EDITABLE,
    CUT_UPLOAD_STATES,
    SCRIPT_EDITABLE,
    Cut,
    FilmingPartner,
    OnScreenPerson,
    Specification,
    SpecificationState,
    Story,
    StoryState,
)


def can_see_staff_pages(user: Any) -> bool:
    return roles.is_federal(user) or bool(roles.pilot_site_ids(user))


def can_manage_specification(user: Any) -> bool:
    """Only the federal centre writes and issues the specification."""
    return roles.is_federal(user)


def can_manage_schedule(user: Any) -> bool:
    """Only the federal centre sets the channel's rules, pins, solves and publishes."""
    return roles.is_federal(user)


def can_acknowledge(user: Any, site: Any) -> bool:
    """A site's own staff acknowledge the version they work to."""
    return site.pk in roles.pilot_site_ids(user)


def can_act_for_site(user: Any, site_id: int) -> bool:
    """The site's staff, or the federal centre (which may do everything everywhere)."""
    return roles.is_federal(user) or site_id in roles.pilot_site_ids(user)


def can_view_story(user: Any, story: Story) -> bool:
    return can_act_for_site(user, story.pilot_site_id)


def can_create_story(user: Any, site: Any) -> bool:
    return can_act_for_site(user, site.pk)


def can_edit_script(user: Any, story: Story) -> bool:
    return can_view_story(user, story) and story.state in SCRIPT_EDITABLE


def can_edit_crew(user: Any, story: Story) -> bool:
    """Partners and people on screen, until the cut is accepted."""
    return can_view_story(user, story) and story.state in CREW_EDITABLE


def can_submit_script(user: Any, story: Story) -> bool:
    return can_edit_script(user, story)


def can_review_script(user: Any, story: Story) -> bool:
    return roles.is_federal(user) and story.state == StoryState.SCRIPT_SUBMITTED


def can_start_filming(user: Any, story: Story) -> bool:
    return can_view_story(user, story) and story.state == StoryState.SCRIPT_APPROVED


def can_upload_cut(user: Any, story: Story) -> bool:
    return can_view_story(user, story) and story.state in CUT_UPLOAD_STATES


def can_submit_cut(user: Any, story: Story) -> bool:
    return can_upload_cut(user, story)


def can_review_cut(user: Any, story: Story) -> bool:
    return roles.is_federal(user) and story.state == StoryState.CUT_SUBMITTED


def can_propose_dates(user: Any, story: Story) -> bool:
    return can_view_story(user, story) and story.state != StoryState.PUBLISHED


def can_record_links(user: Any, story: Story) -> bool:
    return roles.is_federal(user) and story.state in {
        StoryState.CUT_APPROVED,
        StoryState.SCHEDULED,
        StoryState.PUBLISHED,
    }


# --- Fetching for views and file serving ---------------------------------------------------


def _story(pk: Any) -> Story:
    try:
        return Story.objects.select_related(
            "programme", "pilot_site__region", "pilot_site__centre", "specification"
        ).get(pk=pk)
    except (Story.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def get_story_for_user(user: Any, pk: Any) -> Story:
    """The story for its site's staff and the federal centre, else 404."""
    story = _story(pk)
    if not can_view_story(user, story):
        raise Http404
    return story


def get_public_story(pk: Any) -> Story:
    story = _story(pk)
    if story.state != StoryState.PUBLISHED:
        raise Http404
    return story


def require(allowed: bool) -> None:
    """The user sees the object but may not do this with it now."""
    if not allowed:
        raise PermissionDenied


def get_specification_file(user: Any, pk: Any) -> Specification:
    """The sample script: for staff of any site once issued, drafts for the federal centre."""
    try:
        spec = Specification.objects.get(pk=pk)
    except (Specification.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if roles.is_federal(user):
        return spec
    if spec.state == SpecificationState.ISSUED and can_see_staff_pages(user):
        return spec
    raise Http404


def get_story_script_file(user: Any, pk: Any) -> Story:
    return get_story_for_user(user, pk)


def get_partner_file(user: Any, pk: Any) -> FilmingPartner:
    try:
        partner = FilmingPartner.objects.select_related("story").get(pk=pk)
    except (FilmingPartner.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if not can_view_story(user, partner.story):
        raise Http404
    return partner


def get_person_file(user: Any, pk: Any) -> OnScreenPerson:
    try:
        person = OnScreenPerson.objects.select_related("story").get(pk=pk)
    except (OnScreenPerson.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if not can_view_story(user, person.story):
        raise Http404
    return person


def get_cut_for_user(user: Any, pk: Any) -> Cut:
    """The cut, its preview and poster: the site's staff and the federal centre."""
    try:
        cut = Cut.objects.select_related("story").get(pk=pk)
    except (Cut.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if not can_view_story(user, cut.story):
        raise Http404
    return cut


def get_public_poster(user: Any, pk: Any) -> Cut:
    """A published story's poster frame is public (it is the portal's own image, not a
    platform's); any other cut's poster follows the staff rule."""
    try:
        cut = Cut.objects.select_related("story").get(pk=pk)
    except (Cut.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if cut.story.state == StoryState.PUBLISHED or can_view_story(user, cut.story):
        return cut
    raise Http404
