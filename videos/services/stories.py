"""Writes on stories: creation, practices, script, crew, releases, the review states, links.

One function per change of state; each checks the policy and the state under a row lock (so a
double click or two tabs cannot move a story twice), writes the history and queues the letter.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from practices.models import Outcome, PilotPractice, Questionnaire
from resursnaya_sreda.kernel.models import PilotSite
from resursnaya_sreda.kernel.plural import plural
from resursnaya_sreda.kernel.uploads import CheckedUpload, atomic_with_files, delete_on_commit
from videos import notifications
from videos import permissions as policy
from videos.links import parse_link
from videos.models import (
    FilmingPartner,
    OnScreenPerson,
    Platform,
    PublicationLink,
    ScheduleSlot,
    ScheduleState,
    Story,
    StoryAction,
    StoryPractice,
    StoryState,
)
from videos.services.common import StoryError, lock, move, record, story_targets
from videos.services.specifications import specification_current


def allowed_practices(site: PilotSite) -> QuerySet[Questionnaire]:
    """What a site's story may be about: its step-3 practices and the best practices of its
    region in the programme; the site's own selection first."""
    selected = PilotPractice.objects.filter(pilot_site=site, questionnaire=OuterRef("pk"))
    return (
        Questionnaire.objects.filter(
            programme_id=site.programme_id, organisation__region_id=site.region_id
        )
        .annotate(is_selected=Exists(selected))
        .filter(Q(is_selected=True) | Q(decision__outcome=Outcome.BEST))
        .select_related("organisation")
        .order_by("-is_selected", "title", "pk")
    )


def _set_practices(story: Story, practices: Sequence[Questionnaire]) -> None:
    limit = story_targets(story.programme).practices_per_story
    chosen = list(dict.fromkeys(practices))
    if not chosen:
        raise ValidationError({"practices": [_("Выберите практику, о которой сюжет.")]})
    if len(chosen) > limit:
        raise ValidationError(
            {"practices": [_("В сюжете по программе не больше %(n)s практик(и).") % {"n": limit}]}
        )
    allowed = set(allowed_practices(story.pilot_site).values_list("pk", flat=True))
    if any(q.pk not in allowed for q in chosen):
        raise ValidationError(
            {
                "practices": [
                    _(
                        "Сюжет может быть только о практиках площадки, отобранных на шаге 3, "
                        "или о лучших практиках её региона."
                    )
                ]
            }
        )
    story.story_practices.exclude(questionnaire__in=chosen).delete()
    for position, questionnaire in enumerate(chosen, start=1):
        StoryPractice.objects.update_or_create(
            story=story, questionnaire=questionnaire, defaults={"position": position}
        )


@atomic_with_files()
def story_create(*, site: PilotSite, by: Any, data: dict[str, Any]) -> Story:
    """A new story of ``site``; no more per site than the programme's target says."""
    if not policy.can_create_story(by, site):
        raise PermissionDenied
    site = PilotSite.objects.select_for_update().select_related("programme").get(pk=site.pk)
    targets = story_targets(site.programme)
    existing = Story.objects.filter(pilot_site=site).count()
    if existing >= targets.stories_per_site:
        raise StoryError(
            _(
                "У площадки уже %(n)s — столько, сколько предусмотрено программой "
                "(%(per)s на площадку)."
            )
            % {
                "n": plural(existing, _("сюжет"), _("сюжета"), _("сюжетов")),
                "per": targets.stories_per_site,
            }
        )
    number = (Story.objects.filter(pilot_site=site).aggregate(n=Max("number"))["n"] or 0) + 1
    story = Story(
        programme=site.programme,
        pilot_site=site,
        number=number,
        title=(data.get("title") or "").strip(),
        synopsis=data.get("synopsis", ""),
        script_text=data.get("script_text", ""),
        created_by=by,
        state=StoryState.IDEA,
        state_changed_at=timezone.now(),
    )
    story.full_clean()
    story.save()
    _set_practices(story, data.get("practices") or [])
    record(story, action=StoryAction.CREATE, by=by, from_state="")
    return story


@atomic_with_files()
def story_update(
    *,
    story: Story,
    by: Any,
    data: dict[str, Any],
    script_file: CheckedUpload | None = None,
) -> Story:
    """Title, synopsis, script and practices, while the script is the site's to change."""
    story = lock(story)
    if not policy.can_edit_script(by, story):
        raise StoryError(_("Сценарий на согласовании или уже согласован: менять его нельзя."))
    for name in ("title", "synopsis", "script_text"):
        if name in data:
            setattr(story, name, data[name] if name != "title" else data[name].strip())
    if script_file is not None:
        delete_on_commit(story.script_file)
        story.script_file = script_file
        story.script_file_name = script_file.display_name
    story.full_clean()
    story.save()
    if "practices" in data:
        _set_practices(story, data["practices"])
    return story


@transaction.atomic
def story_script_submit(*, story: Story, by: Any) -> Story:
    """Send the script for approval, to the version of the specification the site works to."""
    story = lock(story)
    if not policy.can_submit_script(by, story):
        raise StoryError(_("Сценарий уже отправлен или согласован."))
    missing = []
    if not story.script_text.strip() and not story.script_file:
        missing.append(_("Напишите сценарий или приложите его файлом."))
    targets = story_targets(story.programme)
    chosen = story.story_practices.count()
    available = allowed_practices(story.pilot_site).count()
    needed = min(targets.practices_per_story, available)
    if chosen < max(1, needed):
        missing.append(
            _("Выберите практики сюжета: по программе их %(n)s в сюжете, выбрано %(c)s.")
            % {"n": needed, "c": chosen}
        )
    spec = specification_current(story.programme)
    if spec is None:
        missing.append(_("Федеральный центр ещё не выпустил технические требования."))
    elif not spec.acknowledgements.filter(pilot_site_id=story.pilot_site_id).exists():
        missing.append(
            _("Подтвердите, что площадка ознакомилась с требованиями (редакция %(v)s).")
            % {"v": spec.version}
        )
    if missing:
        raise StoryError(_("Сценарий пока нельзя отправить."), items=missing)
    story.specification = spec
    story.return_message = ""
    move(story, to=StoryState.SCRIPT_SUBMITTED, action=StoryAction.SUBMIT_SCRIPT, by=by)
    notifications.story_event(
        story,
        to_federal=True,
        subject=_("Сценарий на согласование"),
        text=_("Площадка отправила сценарий видеосюжета на согласование."),
    )
    return story


def _message(message: str) -> str:
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": [_("Напишите, что нужно исправить.")]})
    return message


@transaction.atomic
def story_script_approve(*, story: Story, by: Any, message: str = "") -> Story:
    story = lock(story)
    if not policy.can_review_script(by, story):
        raise StoryError(_("Согласовать можно только отправленный сценарий."))
    move(
        story,
        to=StoryState.SCRIPT_APPROVED,
        action=StoryAction.APPROVE_SCRIPT,
        by=by,
        message=message.strip(),
    )
    notifications.story_event(
        story,
        to_federal=False,
        subject=_("Сценарий согласован"),
        text=_("Федеральный центр согласовал сценарий. Можно снимать."),
        message=message.strip(),
    )
    return story


@transaction.atomic
def story_script_return(*, story: Story, by: Any, message: str) -> Story:
    story = lock(story)
    if not policy.can_review_script(by, story):
        raise StoryError(_("Вернуть можно только отправленный сценарий."))
    message = _message(message)
    story.return_message = message
    move(
        story,
        to=StoryState.SCRIPT_RETURNED,
        action=StoryAction.RETURN_SCRIPT,
        by=by,
        message=message,
    )
    notifications.story_event(
        story,
        to_federal=False,
        subject=_("Сценарий возвращён"),
        text=_("Федеральный центр вернул сценарий на доработку."),
        message=message,
    )
    return story


@transaction.atomic
def story_filming_start(*, story: Story, by: Any) -> Story:
    story = lock(story)
    if not policy.can_start_filming(by, story):
        raise StoryError(_("Съёмку начинают после согласования сценария."))
    return move(story, to=StoryState.FILMING, action=StoryAction.START_FILMING, by=by)


def current_cut(story: Story) -> Any:
    return story.cuts.order_by("-uploaded_at", "-pk").first()


@transaction.atomic
def story_cut_submit(*, story: Story, by: Any) -> Story:
    """Send the newest cut for acceptance: only one that passed the machine check."""
    story = lock(story)
    if not policy.can_submit_cut(by, story):
        raise StoryError(_("Монтаж отправляют во время съёмки или после возврата."))
    cut = current_cut(story)
    if cut is None:
        raise StoryError(_("Сначала загрузите монтаж."))
    if not cut.is_checked:
        raise StoryError(_("Монтаж ещё проверяется: дождитесь отчёта."))
    if not cut.passed:
        raise StoryError(
            _("Монтаж не соответствует техническим требованиям: исправьте и загрузите снова."),
            items=[item["message"] for item in cut.failures] or [cut.error],
        )
    story.return_message = ""
    move(story, to=StoryState.CUT_SUBMITTED, action=StoryAction.SUBMIT_CUT, by=by)
    notifications.story_event(
        story,
        to_federal=True,
        subject=_("Монтаж на приёмку"),
        text=_("Площадка отправила смонтированный сюжет на приёмку; проверка пройдена."),
    )
    return story


def missing_releases(story: Story) -> list[str]:
    return list(
        story.people.filter(Q(release="") | Q(release__isnull=True)).values_list(
            "full_name", flat=True
        )
    )


@transaction.atomic
def story_cut_approve(*, story: Story, by: Any, message: str = "") -> Story:
    """Accept the cut; a person on screen without a release blocks it. A story already in the
    published schedule goes straight to «в графике выпуска»."""
    story = lock(story)
    if not policy.can_review_cut(by, story):
        raise StoryError(_("Принять можно только отправленный монтаж."))
    missing = missing_releases(story)
    if missing:
        raise StoryError(
            _("Нет согласия на съёмку у людей в кадре — принять монтаж нельзя."), items=missing
        )
    cut = current_cut(story)
    if cut is None or not cut.passed:
        raise StoryError(_("Последний загруженный монтаж не прошёл проверку."))
    move(
        story,
        to=StoryState.CUT_APPROVED,
        action=StoryAction.APPROVE_CUT,
        by=by,
        message=message.strip(),
    )
    notifications.story_event(
        story,
        to_federal=False,
        subject=_("Монтаж принят"),
        text=_("Федеральный центр принял сюжет."),
        message=message.strip(),
    )
    slot = (
        ScheduleSlot.objects.filter(story=story, version__state=ScheduleState.PUBLISHED)
        .select_related("version")
        .first()
    )
    if slot is not None:
        story_schedule(story=story, by=by, release_on=slot.release_on)
    return story


@transaction.atomic
def story_cut_return(*, story: Story, by: Any, message: str) -> Story:
    story = lock(story)
    if not policy.can_review_cut(by, story):
        raise StoryError(_("Вернуть можно только отправленный монтаж."))
    message = _message(message)
    story.return_message = message
    move(story, to=StoryState.CUT_RETURNED, action=StoryAction.RETURN_CUT, by=by, message=message)
    notifications.story_event(
        story,
        to_federal=False,
        subject=_("Монтаж возвращён"),
        text=_("Федеральный центр вернул монтаж на доработку."),
        message=message,
    )
    return story


def story_schedule(*, story: Story, by: Any, release_on: Any) -> Story:
    """The published schedule gives an accepted story its date (called inside a transaction)."""
    story.release_on = release_on
    if story.state == StoryState.CUT_APPROVED:
        return move(
            story,
            to=StoryState.SCHEDULED,
            action=StoryAction.SCHEDULE,
            by=by,
            message=_("Дата выпуска %(d)s") % {"d": release_on.strftime("%d.%m.%Y")},
        )
    story.save(update_fields=["release_on", "updated_at"])
    return story


@transaction.atomic
def story_links_save(*, story: Story, by: Any, links: dict[str, str]) -> Story:
    """Record where the story is published; the YouTube link publishes it on the portal.

    ``links`` maps a platform to the text typed; each is parsed by its platform's rules, an
    empty one removes that platform's link. Errors come back per field.
    """
    story = lock(story)
    if not policy.can_record_links(by, story):
        raise StoryError(_("Ссылки записывают после приёмки монтажа."))
    parsed = {}
    errors: dict[str, list[str]] = {}
    for platform in Platform.values:
        text = (links.get(platform) or "").strip()
        if not text:
            continue
        try:
            parsed[platform] = parse_link(platform, text)
        except ValidationError as exc:
            errors[platform] = exc.messages
    if Platform.YOUTUBE not in parsed and Platform.YOUTUBE not in errors:
        errors[Platform.YOUTUBE] = [
            _("Ссылка на YouTube обязательна: канал «Ресурсная среда» — на YouTube.")
        ]
    if errors:
        raise ValidationError(errors)
    story.links.exclude(platform__in=list(parsed)).delete()
    for platform, link in parsed.items():
        PublicationLink.objects.update_or_create(
            story=story,
            platform=platform,
            defaults={"url": link.url, "video_id": link.video_id, "added_by": by},
        )
    if story.state != StoryState.PUBLISHED:
        story.published_at = timezone.now()
        if story.release_on is None:
            story.release_on = timezone.localdate()
        move(story, to=StoryState.PUBLISHED, action=StoryAction.PUBLISH, by=by)
        notifications.story_event(
            story,
            to_federal=False,
            subject=_("Сюжет опубликован"),
            text=_("Сюжет опубликован на канале «Ресурсная среда» и на портале."),
            message=parsed[Platform.YOUTUBE].url,
        )
    return story


# --- Partners and people on screen ---------------------------------------------------------


def _crew_story(story: Story, by: Any) -> Story:
    story = lock(story)
    if not policy.can_edit_crew(by, story):
        raise StoryError(_("После приёмки монтажа состав съёмки не меняется."))
    return story


@atomic_with_files()
def partner_add(
    *, story: Story, by: Any, data: dict[str, Any], agreement: CheckedUpload | None = None
) -> FilmingPartner:
    story = _crew_story(story, by)
    partner = FilmingPartner(
        story=story,
        name=(data.get("name") or "").strip(),
        role=data.get("role") or "",
        contact=(data.get("contact") or "").strip(),
    )
    if agreement is not None:
        partner.agreement = agreement
        partner.agreement_name = agreement.display_name
    partner.full_clean()
    partner.save()
    return partner


@transaction.atomic
def partner_delete(*, partner: FilmingPartner, by: Any) -> None:
    _crew_story(partner.story, by)
    delete_on_commit(partner.agreement)
    partner.delete()


@atomic_with_files()
def person_add(
    *, story: Story, by: Any, data: dict[str, Any], release: CheckedUpload | None = None
) -> OnScreenPerson:
    story = _crew_story(story, by)
    person = OnScreenPerson(
        story=story,
        full_name=(data.get("full_name") or "").strip(),
        role=(data.get("role") or "").strip(),
    )
    if release is not None:
        person.release = release
        person.release_name = release.display_name
    person.full_clean()
    person.save()
    return person


@atomic_with_files()
def person_set_release(
    *, person: OnScreenPerson, by: Any, release: CheckedUpload
) -> OnScreenPerson:
    _crew_story(person.story, by)
    delete_on_commit(person.release)
    person.release = release
    person.release_name = release.display_name
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def person_delete(*, person: OnScreenPerson, by: Any) -> None:
    _crew_story(person.story, by)
    delete_on_commit(person.release)
    person.delete()
