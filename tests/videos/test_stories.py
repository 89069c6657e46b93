"""The story's state machine: each change through one service, with history and letters."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from practices.models import Decision, Outcome
from resursnaya_sreda.kernel.models import Target, TargetCode
from resursnaya_sreda.kernel.uploads import SCANS, check_upload
from tests.videos.factories import move_to, passed_cut, practice_for, spec_for, story_for
from videos import services
from videos.models import CheckState, Cut, StoryAction, StoryHistory, StoryState

pytestmark = pytest.mark.django_db


def _scan():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (200, 280), (240, 240, 240)).save(buffer, "JPEG")
    return check_upload(SimpleUploadedFile("release.jpg", buffer.getvalue()), kinds=SCANS)


def test_a_new_story_starts_as_an_idea_with_its_history(story_a, regional_a):
    assert story_a.state == StoryState.IDEA
    entry = StoryHistory.objects.get(story=story_a)
    assert (entry.action, entry.from_state, entry.to_state, entry.actor) == (
        StoryAction.CREATE,
        "",
        StoryState.IDEA,
        regional_a,
    )
    assert [sp.questionnaire.title for sp in story_a.story_practices.all()] == [
        "Школа межнационального диалога",
        "Фестиваль национальных культур",
    ]


def test_the_programme_target_limits_stories_per_site(story_a, site_a, regional_a):
    with pytest.raises(services.StoryError, match="1 на площадку"):
        story_for(site_a, regional_a, practices=[story_a.practices.first()])


def test_a_programme_with_two_stories_per_site_allows_a_second(story_a, site_a, regional_a):
    Target.objects.create(
        programme=site_a.programme, code=TargetCode.VIDEO_STORIES_PER_SITE, value=2
    )
    second = story_for(site_a, regional_a, practices=[story_a.practices.first()], title="Второй")
    assert second.number == 2


def test_a_story_cannot_show_another_regions_practice(site_a, site_b, regional_a):
    foreign = practice_for(site_b, "Практика Дагестана")
    with pytest.raises(ValidationError, match="только о практиках площадки"):
        story_for(site_a, regional_a, practices=[foreign])


def test_a_story_shows_at_most_the_target_number_of_practices(site_a, regional_a):
    practices = [practice_for(site_a, f"Практика {n}", slot=n) for n in (1, 2)]
    Target.objects.create(
        programme=site_a.programme, code=TargetCode.VIDEO_PRACTICES_PER_STORY, value=1
    )
    with pytest.raises(ValidationError, match="не больше 1"):
        story_for(site_a, regional_a, practices=practices)


def test_a_best_practice_of_the_region_may_be_shown(site_a, regional_a, federal):
    practice = practice_for(site_a, "Лучшая практика")
    practice.pilot_practices.all().delete()
    Decision.objects.create(questionnaire=practice, outcome=Outcome.BEST, reason="Сильная.")
    story = story_for(site_a, regional_a, practices=[practice])
    assert list(story.practices.all()) == [practice]


def test_the_script_needs_the_acknowledged_specification(story_a, regional_a, spec):
    with pytest.raises(services.StoryError) as refused:
        services.story_script_submit(story=story_a, by=regional_a)
    assert any("ознакомилась" in str(item) for item in refused.value.items)
    services.specification_acknowledge(spec=spec, site=story_a.pilot_site, by=regional_a)
    story = services.story_script_submit(story=story_a, by=regional_a)
    assert story.state == StoryState.SCRIPT_SUBMITTED
    assert story.specification == spec


def test_the_script_needs_text_or_a_file(story_a, regional_a, spec):
    services.specification_acknowledge(spec=spec, site=story_a.pilot_site, by=regional_a)
    services.story_update(story=story_a, by=regional_a, data={"script_text": ""})
    with pytest.raises(services.StoryError) as refused:
        services.story_script_submit(story=story_a, by=regional_a)
    assert "Напишите сценарий или приложите его файлом." in refused.value.items


def test_submitting_the_script_writes_history_and_mails_the_federal_centre(
    story_a, regional_a, federal, spec, mailoutbox, django_capture_on_commit_callbacks
):
    services.specification_acknowledge(spec=spec, site=story_a.pilot_site, by=regional_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.story_script_submit(story=story_a, by=regional_a)
    entry = StoryHistory.objects.filter(story=story_a).last()
    assert (entry.from_state, entry.to_state, entry.actor) == (
        StoryState.IDEA,
        StoryState.SCRIPT_SUBMITTED,
        regional_a,
    )
    assert [m.to for m in mailoutbox] == [[federal.email]]
    assert "Сценарий на согласование" in mailoutbox[0].subject


def test_returning_a_script_needs_a_message_and_tells_the_site(
    story_a, regional_a, federal, mailoutbox, django_capture_on_commit_callbacks
):
    story = move_to(story_a, StoryState.SCRIPT_SUBMITTED, regional=regional_a, federal=federal)
    with pytest.raises(ValidationError, match="Напишите, что нужно исправить"):
        services.story_script_return(story=story, by=federal, message="  ")
    with django_capture_on_commit_callbacks(execute=True):
        story = services.story_script_return(story=story, by=federal, message="Добавьте синхрон.")
    assert story.state == StoryState.SCRIPT_RETURNED
    assert story.return_message == "Добавьте синхрон."
    assert mailoutbox[-1].to == [regional_a.email]
    assert "Добавьте синхрон." in mailoutbox[-1].body
    # The site fixes it and sends it again.
    services.story_update(story=story, by=regional_a, data={"script_text": "Новый сценарий"})
    assert services.story_script_submit(story=story, by=regional_a).state == "script_submitted"


def test_only_the_federal_centre_approves_and_only_once(story_a, regional_a, federal):
    story = move_to(story_a, StoryState.SCRIPT_SUBMITTED, regional=regional_a, federal=federal)
    with pytest.raises(services.StoryError, match="только отправленный сценарий"):
        services.story_script_approve(story=story, by=regional_a)
    services.story_script_approve(story=story, by=federal)
    with pytest.raises(services.StoryError, match="только отправленный сценарий"):
        services.story_script_approve(story=story, by=federal)
    assert StoryHistory.objects.filter(story=story, action=StoryAction.APPROVE_SCRIPT).count() == 1


def test_the_script_is_locked_while_it_is_reviewed(story_a, regional_a, federal):
    story = move_to(story_a, StoryState.SCRIPT_SUBMITTED, regional=regional_a, federal=federal)
    with pytest.raises(services.StoryError, match="менять его нельзя"):
        services.story_update(story=story, by=regional_a, data={"title": "Другое"})


def test_a_cut_must_pass_the_check_before_it_is_submitted(story_a, regional_a, federal):
    story = move_to(story_a, StoryState.FILMING, regional=regional_a, federal=federal)
    with pytest.raises(services.StoryError, match="Сначала загрузите монтаж"):
        services.story_cut_submit(story=story, by=regional_a)
    Cut.objects.create(story=story, display_name="a.mp4", size=1, check_state=CheckState.PENDING)
    with pytest.raises(services.StoryError, match="ещё проверяется"):
        services.story_cut_submit(story=story, by=regional_a)
    Cut.objects.create(
        story=story,
        display_name="b.mp4",
        size=1,
        check_state=CheckState.FAILED,
        report=[{"ok": False, "message": "длительность 7:42 — больше 5:00"}],
    )
    with pytest.raises(services.StoryError) as refused:
        services.story_cut_submit(story=story, by=regional_a)
    assert refused.value.items == ["длительность 7:42 — больше 5:00"]
    passed_cut(story)
    assert services.story_cut_submit(story=story, by=regional_a).state == "cut_submitted"


def test_a_person_on_screen_without_a_release_blocks_approval(story_a, regional_a, federal):
    story = move_to(story_a, StoryState.CUT_SUBMITTED, regional=regional_a, federal=federal)
    person = services.person_add(story=story, by=regional_a, data={"full_name": "Петров Пётр"})
    with pytest.raises(services.StoryError) as refused:
        services.story_cut_approve(story=story, by=federal)
    assert refused.value.items == ["Петров Пётр"]
    services.person_set_release(person=person, by=regional_a, release=_scan())
    assert services.story_cut_approve(story=story, by=federal).state == StoryState.CUT_APPROVED


def test_returning_a_cut_lets_the_site_upload_again(story_a, regional_a, federal):
    story = move_to(story_a, StoryState.CUT_RETURNED, regional=regional_a, federal=federal)
    assert story.return_message == "Сократите."
    from videos import permissions

    assert permissions.can_upload_cut(regional_a, story)


def test_the_crew_is_fixed_once_the_cut_is_accepted(story_a, regional_a, federal):
    story = move_to(story_a, StoryState.CUT_APPROVED, regional=regional_a, federal=federal)
    with pytest.raises(services.StoryError, match="не меняется"):
        services.partner_add(story=story, by=regional_a, data={"name": "Студия", "role": "studio"})


def test_the_full_way_is_recorded_step_by_step(story_a, regional_a, federal):
    story = move_to(story_a, StoryState.CUT_APPROVED, regional=regional_a, federal=federal)
    services.story_links_save(
        story=story, by=federal, links={"youtube": "https://youtu.be/M7lc1UVf-VE"}
    )
    pairs = list(
        StoryHistory.objects.filter(story=story)
        .order_by("pk")
        .values_list("from_state", "to_state")
    )
    assert pairs == [
        ("", "idea"),
        ("idea", "script_submitted"),
        ("script_submitted", "script_approved"),
        ("script_approved", "filming"),
        ("filming", "cut_submitted"),
        ("cut_submitted", "cut_approved"),
        ("cut_approved", "published"),
    ]


def test_publishing_needs_a_youtube_link_and_refuses_other_urls(story_a, regional_a, federal):
    story = move_to(story_a, StoryState.CUT_APPROVED, regional=regional_a, federal=federal)
    with pytest.raises(ValidationError) as refused:
        services.story_links_save(
            story=story,
            by=federal,
            links={"vk": "javascript:alert(1)", "rutube": "https://evil.example/video/1"},
        )
    errors = refused.value.message_dict
    assert set(errors) == {"youtube", "vk", "rutube"}
    assert "https://" in errors["vk"][0]
    story.refresh_from_db()
    assert story.state == StoryState.CUT_APPROVED
    story = services.story_links_save(
        story=story,
        by=federal,
        links={
            "youtube": "https://www.youtube.com/watch?v=M7lc1UVf-VE&t=10",
            "vk": "https://vkvideo.ru/video-22822305_456241864",
            "rutube": "https://rutube.ru/video/c6cc4d620b1d4338901770a44b3e82f4/",
        },
    )
    assert story.state == StoryState.PUBLISHED
    assert story.published_at is not None
    assert dict(story.links.values_list("platform", "video_id")) == {
        "youtube": "M7lc1UVf-VE",
        "vk": "-22822305_456241864",
        "rutube": "c6cc4d620b1d4338901770a44b3e82f4",
    }


def test_a_new_specification_version_is_acknowledged_again(story_a, regional_a, federal, spec):
    services.specification_acknowledge(spec=spec, site=story_a.pilot_site, by=regional_a)
    draft = services.specification_save(
        programme=spec.programme, by=federal, data={"max_duration_seconds": 240}
    )
    assert (draft.version, draft.min_duration_seconds) == (2, spec.min_duration_seconds)
    services.specification_issue(spec=draft, by=federal)
    with pytest.raises(services.StoryError) as refused:
        services.story_script_submit(story=story_a, by=regional_a)
    assert any("редакция 2" in str(item) for item in refused.value.items)


def test_regional_staff_cannot_write_the_specification(regional_a, programme):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.specification_save(programme=programme, by=regional_a, data={"text": "x"})
    assert spec_for  # the factory stays importable for other modules
