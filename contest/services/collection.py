"""The collection's writes: editions, chapters drafted from records, approvals, publication."""

from __future__ import annotations

import hashlib
import io
import tempfile
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from contest import book, notifications
from contest import permissions as policy
from contest.models import (
    BuildState,
    Chapter,
    ChapterPhoto,
    ChapterState,
    CollectionAction,
    CollectionHistory,
    Consent,
    Edition,
    EditionState,
    Entry,
    EntryState,
)
from contest.services.common import ContestError, TransitionError, actor
from practices.models import AttachmentKind, Outcome, Questionnaire, SupportEntry
from resursnaya_sreda.kernel.plural import plural
from resursnaya_sreda.kernel.uploads import atomic_with_files

CHAPTER_FIELDS = (
    "title",
    "lead",
    "problem",
    "actions",
    "results",
    "partners",
    "replication",
    "contact",
    "award",
)
EDITABLE_CHAPTER_STATES = (ChapterState.DRAFT, ChapterState.CHANGES_REQUESTED)


def _record(
    edition: Edition, action: str, by: Any, *, chapter: Chapter | None = None, message: str = ""
) -> None:
    CollectionHistory.objects.create(
        edition=edition, chapter=chapter, action=action, actor=actor(by), message=message
    )


def _require_editor(by: Any) -> None:
    if not policy.can_edit_collection(by):
        raise PermissionDenied


def _require_draft(edition: Edition) -> None:
    if edition.state != EditionState.DRAFT:
        raise TransitionError(_("Выпуск уже одобрен или опубликован: его главы не меняются."))


@transaction.atomic
def edition_create(*, by: Any, programme: Any, **fields: Any) -> Edition:
    _require_editor(by)
    number = (
        programme.collection_editions.order_by("-number").values_list("number", flat=True).first()
        or 0
    ) + 1
    edition = Edition(programme=programme, number=number, year=programme.year, editor=by, **fields)
    edition.full_clean(exclude=["pdf"])
    edition.save()
    return edition


def candidate_q(programme_id: int) -> Q:
    """Practices the collection may include: a contest result, a best practice by the
    commission's decision, or one of a pilot site's two best municipal practices (step 3)."""
    return Q(programme_id=programme_id) & (
        Q(
            contest_entries__state=EntryState.RESULT,
            contest_entries__contest__programme_id=programme_id,
        )
        | Q(decision__outcome=Outcome.BEST)
        | Q(pilot_practices__pilot_site__programme_id=programme_id)
    )


def is_candidate(questionnaire: Questionnaire, programme_id: int) -> bool:
    return Questionnaire.objects.filter(candidate_q(programme_id), pk=questionnaire.pk).exists()


def best_entry(questionnaire: Questionnaire, programme_id: int) -> Entry | None:
    """The practice's entry with a result, the special nomination first, the best place."""
    entries = list(
        Entry.objects.filter(
            questionnaire=questionnaire,
            contest__programme_id=programme_id,
            state=EntryState.RESULT,
        ).select_related("contest", "nomination")
    )
    order = {"winner": 0, "prize_winner": 1, "participant": 2}
    entries.sort(key=lambda e: (not e.nomination.is_special, order.get(e.result, 3), e.place or 9))
    return entries[0] if entries else None


def _award(entry: Entry | None) -> str:
    if entry is None:
        return ""
    special = _(" (специальная номинация «Ресурсной среды»)") if entry.nomination.is_special else ""
    return _("%(result)s — %(contest)s, номинация «%(nomination)s»%(special)s") % {
        "result": entry.result_display,
        "contest": entry.contest.display_title,
        "nomination": entry.nomination.title,
        "special": special,
    }


def _paragraphs(*parts: str) -> str:
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def chapter_draft_texts(questionnaire: Questionnaire, entry: Entry | None) -> dict[str, str]:
    """A chapter's texts composed from the practice's records: the questionnaire, its contest
    entry's answers and result, and the regional centre's support log."""
    q = questionnaire
    answers = {}
    if entry is not None:
        answers = {
            a.question.source or a.question.text: a.display_value
            for a in entry.answers.select_related("question")
        }
    place = ", ".join(
        part
        for part in (q.municipality.name if q.municipality_id else "", q.organisation.region.name)
        if part
    )
    lead = _paragraphs(
        _("%(org)s, %(place)s.") % {"org": q.organisation.name, "place": place},
        q.goals[:1200],
    )
    support = list(SupportEntry.objects.filter(practice__questionnaire=q).order_by("date", "pk"))
    support_text = "\n".join(
        f"{s.date:%d.%m.%Y} — {s.get_kind_display().lower()}: {s.text}" for s in support
    )
    actions = _paragraphs(
        _("Сроки: %(period)s.") % {"period": q.period} if q.period else "",
        _("Целевые группы: %(groups)s") % {"groups": q.target_groups} if q.target_groups else "",
        _("География: %(geo)s") % {"geo": q.geography} if q.geography else "",
        answers.get("goals", "") if answers.get("goals", "") != q.goals else "",
        _("Поддержка регионального ресурсного центра:\n%(log)s") % {"log": support_text}
        if support_text
        else "",
    )
    figures = (
        _("Охват: %(n)s.")
        % {"n": plural(q.people_reached, _("человек"), _("человека"), _("человек"))}
        if q.people_reached
        else ""
    )
    results = _paragraphs(figures, q.results_quantitative, q.results_qualitative)
    partners = _paragraphs(
        "\n".join(f"{label[:1].upper()}{label[1:]}: {text}" for label, text in q.partner_items),
        _("Ресурсы: %(r)s") % {"r": q.resources} if q.resources else "",
    )
    contact_parts = [q.organisation.name]
    for value in (q.organisation.website, q.organisation.email, q.organisation.phone):
        if value:
            contact_parts.append(value)
    return {
        "title": q.title,
        "lead": lead[:1500],
        "problem": q.problem,
        "actions": actions,
        "results": results,
        "partners": partners,
        "replication": q.replication,
        "contact": "\n".join(contact_parts),
        "award": _award(entry),
    }


@atomic_with_files()
def chapter_add(*, edition: Edition, questionnaire: Questionnaire, by: Any) -> Chapter:
    """Add a practice to the edition: its chapter is drafted from its records at once, and
    its photos are proposed (printed only once the organisation confirms consent)."""
    _require_editor(by)
    _require_draft(edition)
    if questionnaire.programme_id != edition.programme_id:
        raise ContestError(_("Практика из другой программы."))
    if edition.chapters.filter(questionnaire=questionnaire).exists():
        raise ContestError(_("Эта практика уже есть в выпуске."))
    if not is_candidate(questionnaire, edition.programme_id):
        raise ContestError(
            _(
                "В сборник входят практики с итогом конкурса, лучшие практики по решению "
                "экспертной комиссии и практики пилотных площадок; эта — ни то, ни другое."
            )
        )
    entry = best_entry(questionnaire, edition.programme_id)
    texts = chapter_draft_texts(questionnaire, entry)
    position = (
        edition.chapters.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    chapter = Chapter(
        edition=edition,
        questionnaire=questionnaire,
        entry=entry,
        position=position,
        organisation_name=questionnaire.organisation.name,
        region_name=questionnaire.organisation.region.name,
        municipality_name=questionnaire.municipality.name if questionnaire.municipality_id else "",
        direction_name=questionnaire.direction.name if questionnaire.direction_id else "",
        drafted_at=timezone.now(),
        edited_by=actor(by),
        **texts,
    )
    chapter.full_clean(
        exclude=["edition", "questionnaire", "entry", "edited_by"], validate_unique=False
    )
    chapter.save()
    photos = questionnaire.attachments.filter(kind=AttachmentKind.PHOTO).order_by("pk")
    for position, attachment in enumerate(photos, start=1):
        with attachment.file.open("rb") as handle:
            asset = book.asset_from_bytes(edition, handle.read(), attachment.display_name)
        ChapterPhoto.objects.create(
            chapter=chapter,
            attachment=attachment,
            asset=asset,
            caption=attachment.caption,
            position=position,
        )
    _record(edition, CollectionAction.DRAFT, by, chapter=chapter)
    return chapter


@transaction.atomic
def chapter_redraft(*, chapter: Chapter, by: Any) -> Chapter:
    """Compose the texts from the records again (the editor's edits are replaced)."""
    _require_editor(by)
    _require_draft(chapter.edition)
    if chapter.state not in EDITABLE_CHAPTER_STATES:
        raise TransitionError(_("Глава у организации: дождитесь её ответа."))
    entry = best_entry(chapter.questionnaire, chapter.edition.programme_id)
    for name, value in chapter_draft_texts(chapter.questionnaire, entry).items():
        setattr(chapter, name, value)
    chapter.entry = entry
    chapter.drafted_at = timezone.now()
    chapter.edited_by = actor(by)
    chapter.state = ChapterState.DRAFT
    chapter.full_clean(
        exclude=["edition", "questionnaire", "entry", "edited_by"], validate_unique=False
    )
    chapter.save()
    _record(chapter.edition, CollectionAction.DRAFT, by, chapter=chapter)
    return chapter


@transaction.atomic
def chapter_save(*, chapter: Chapter, by: Any, changes: dict[str, Any]) -> Chapter:
    """The editor's edits of a drafted chapter."""
    _require_editor(by)
    _require_draft(chapter.edition)
    if chapter.state not in EDITABLE_CHAPTER_STATES:
        raise TransitionError(_("Глава у организации на согласовании: правки после её ответа."))
    for name, value in changes.items():
        if name not in CHAPTER_FIELDS:
            raise ValueError(f"{name} is not an editable chapter field")
        setattr(chapter, name, (value or "").strip())
    chapter.edited_by = actor(by)
    chapter.full_clean(
        exclude=["edition", "questionnaire", "entry", "edited_by"], validate_unique=False
    )
    chapter.save()
    _record(chapter.edition, CollectionAction.EDIT, by, chapter=chapter)
    return chapter


@transaction.atomic
def chapter_send(*, chapter: Chapter, by: Any) -> Chapter:
    """To the organisation for approval (it also confirms the contact and photo consents)."""
    _require_editor(by)
    _require_draft(chapter.edition)
    if chapter.state not in EDITABLE_CHAPTER_STATES:
        raise TransitionError(_("Глава уже у организации или согласована."))
    chapter.state = ChapterState.WITH_ORGANISATION
    chapter.save(update_fields=["state", "updated_at"])
    _record(chapter.edition, CollectionAction.SEND, by, chapter=chapter)
    notifications.chapter_changed(
        chapter, action=str(CollectionAction.SEND.label), to_organisation=True
    )
    return chapter


@transaction.atomic
def photo_consent_set(*, photo: ChapterPhoto, by: Any, consent: str) -> ChapterPhoto:
    """The organisation confirms (or denies) that the people in a photo agreed to be printed;
    the editor may only withdraw a photo, never confirm consent for someone else."""
    chapter = photo.chapter
    is_org = chapter.questionnaire.organisation_id in policy.roles.organisation_ids(by)
    if consent not in Consent.values:
        raise ValidationError({"consent": _("Нет такого значения согласия.")})
    if not (is_org or (policy.can_edit_collection(by) and consent == Consent.NO)):
        raise PermissionDenied
    _require_draft(chapter.edition)
    photo.consent = consent
    photo.consent_by = actor(by)
    photo.consent_at = timezone.now()
    photo.save(update_fields=["consent", "consent_by", "consent_at"])
    return photo


@transaction.atomic
def chapter_approve(
    *, chapter: Chapter, by: Any, contact_agreed: bool, consents: dict[int, str] | None = None
) -> Chapter:
    """The organisation approves its chapter, says whether its contact may be printed and, for
    each photo, whether the people in it agreed. A photo without consent is left out."""
    if not policy.can_approve_chapter(by, chapter):
        if chapter.state != ChapterState.WITH_ORGANISATION:
            raise TransitionError(_("Глава сейчас не ждёт согласования."))
        raise PermissionDenied
    for photo in chapter.photos.all():
        value = (consents or {}).get(photo.pk)
        if value is not None:
            photo_consent_set(photo=photo, by=by, consent=value)
    chapter.contact_agreed = bool(contact_agreed)
    chapter.state = ChapterState.APPROVED
    chapter.approved_by = actor(by)
    chapter.approved_at = timezone.now()
    chapter.organisation_comment = ""
    chapter.save()
    left_out = chapter.photos.exclude(consent=Consent.YES).count()
    message = (
        _("Без согласия изображённых не войдут фотографий: %(n)s.") % {"n": left_out}
        if left_out
        else ""
    )
    _record(chapter.edition, CollectionAction.APPROVE_CHAPTER, by, chapter=chapter, message=message)
    notifications.chapter_changed(
        chapter, action=str(CollectionAction.APPROVE_CHAPTER.label), message=message
    )
    return chapter


@transaction.atomic
def chapter_request_changes(*, chapter: Chapter, by: Any, message: str) -> Chapter:
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Напишите, что исправить в главе.")})
    if not policy.can_approve_chapter(by, chapter):
        if chapter.state != ChapterState.WITH_ORGANISATION:
            raise TransitionError(_("Глава сейчас не ждёт согласования."))
        raise PermissionDenied
    chapter.state = ChapterState.CHANGES_REQUESTED
    chapter.organisation_comment = message
    chapter.save()
    _record(chapter.edition, CollectionAction.REQUEST_CHANGES, by, chapter=chapter, message=message)
    notifications.chapter_changed(
        chapter, action=str(CollectionAction.REQUEST_CHANGES.label), message=message
    )
    return chapter


@transaction.atomic
def edition_approve(*, edition: Edition, by: Any) -> Edition:
    """The editor approves the whole: every chapter approved by its organisation."""
    _require_editor(by)
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    _require_draft(locked)
    chapters = list(locked.chapters.all())
    if not chapters:
        raise ContestError(_("В выпуске нет ни одной главы."))
    waiting = [c.title for c in chapters if c.state != ChapterState.APPROVED]
    if waiting:
        raise ContestError(
            _("Не согласованы организациями главы (%(n)s): %(titles)s.")
            % {"n": len(waiting), "titles": "; ".join(waiting[:5])}
        )
    locked.state = EditionState.APPROVED
    locked.approved_by = actor(by)
    locked.approved_at = timezone.now()
    locked.save()
    _record(locked, CollectionAction.APPROVE, by)
    return locked


@transaction.atomic
def edition_publish(*, edition: Edition, by: Any) -> Edition:
    """Freeze the approved edition's content and publish it; the worker renders its PDF."""
    _require_editor(by)
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    if locked.state != EditionState.APPROVED:
        raise TransitionError(_("Опубликовать можно выпуск, одобренный редактором."))
    content = book.edition_content(locked)
    left_out = sum(chapter["left_out_photos"] for chapter in content["chapters"])
    locked.frozen = content
    locked.state = EditionState.PUBLISHED
    locked.published_by = actor(by)
    locked.published_at = timezone.now()
    locked.build_state = BuildState.QUEUED
    locked.save()
    _record(
        locked,
        CollectionAction.PUBLISH,
        by,
        message=_("Не вошли фотографии без согласия изображённых: %(n)s.") % {"n": left_out}
        if left_out
        else "",
    )
    from contest.tasks import build_edition_task

    transaction.on_commit(lambda: build_edition_task.delay(locked.pk))
    return locked


def _render(edition: Edition) -> tuple[bytes, int]:
    from contest.documents import CollectionPdf
    from reports.engine.render import render_document

    with tempfile.TemporaryFile() as tmp:
        result = render_document(CollectionPdf({"edition": edition}), "pdf", tmp)
        tmp.seek(0)
        return tmp.read(), result.pages or 0


def edition_build_pdf(*, edition_id: int) -> Edition:
    """Render the published edition from its frozen content and keep the PDF."""
    edition = Edition.objects.get(pk=edition_id)
    if not edition.frozen:
        raise TransitionError(_("Выпуск не опубликован."))
    Edition.objects.filter(pk=edition.pk).update(build_state=BuildState.RUNNING, build_error="")
    try:
        data, pages = _render(edition)
    except Exception as exc:
        message = getattr(exc, "message", "") or _("внутренняя ошибка")
        Edition.objects.filter(pk=edition.pk).update(
            build_state=BuildState.FAILED,
            build_error=_("PDF не собран: %(e)s") % {"e": message},
        )
        raise
    name = f"Сборник, выпуск {edition.number} ({edition.year}).pdf"
    with transaction.atomic():
        current = Edition.objects.select_for_update().get(pk=edition.pk)
        old = current.pdf.name if current.pdf else ""
        current.pdf.save(name, File(io.BytesIO(data), name=name), save=False)
        current.pdf_sha256 = hashlib.sha256(data).hexdigest()
        current.pdf_pages = pages
        current.pdf_size = len(data)
        current.build_state = BuildState.DONE
        current.save()
        if old and old != current.pdf.name:
            storage = current.pdf.storage
            transaction.on_commit(lambda: storage.delete(old))
    return current


def edition_rebuild(*, edition_id: int, by: Any = None) -> Edition:
    """Render the published edition again from its frozen content and say whether the bytes
    are the same as the stored PDF's."""
    edition = Edition.objects.get(pk=edition_id)
    if not edition.frozen or not edition.pdf_sha256:
        raise TransitionError(_("У выпуска ещё нет собранного PDF."))
    data, _pages = _render(edition)
    identical = hashlib.sha256(data).hexdigest() == edition.pdf_sha256
    Edition.objects.filter(pk=edition.pk).update(
        rebuilt_at=timezone.now(), rebuild_identical=identical
    )
    _record(
        edition,
        CollectionAction.REBUILD,
        by,
        message=_("Совпадает с опубликованным PDF.")
        if identical
        else _("Не совпадает с опубликованным PDF!"),
    )
    edition.refresh_from_db()
    return edition
