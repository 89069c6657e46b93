"""Evidence and the report: attendance from the signed sheet, scans, photos, a round table's
or the videobridge's results, and the report the federal centre accepts or returns."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events import permissions as policy
from events.models import (
    RESULT_FIELDS,
    ROUND_TABLE_PURPOSE,
    Event,
    EventPhoto,
    EventScan,
    EventState,
    HistoryAction,
    ParticipantCategory,
    Registration,
    RegistrationStatus,
)
from events.services.events import EventError, TransitionError, lock_event, move_state
from resursnaya_sreda.kernel.plural import plural
from resursnaya_sreda.kernel.uploads import CheckedUpload, atomic_with_files, delete_on_commit


class EvidenceMissingError(EventError):
    def __init__(self, missing: list[str]) -> None:
        super().__init__(
            _("Отчёт пока нельзя отправить: не хватает %(what)s — см. список ниже.")
            % {"what": plural(len(missing), _("пункта"), _("пунктов"), _("пунктов"))}
        )
        self.missing = missing


class ShortfallError(EventError):
    """Accepting a report below the minimum needs the coordinator's explicit acknowledgement."""


def attendance_count(event: Event) -> int:
    return event.registrations.filter(attended=True).count()


def missing_categories(event: Event) -> list[str]:
    """The categories a round table is for (step 6) that nobody who came belongs to.

    Before attendance is reconciled, those registered are counted instead.
    """
    if not event.is_round_table:
        return []
    people = event.registrations.filter(status=RegistrationStatus.REGISTERED)
    if event.registrations.filter(attended=True).exists():
        people = event.registrations.filter(attended=True)
    present = set(people.values_list("category", flat=True))
    return [
        str(ParticipantCategory(value).label)
        for value in ROUND_TABLE_PURPOSE
        if value not in present
    ]


def _videobridge_missing(event: Event) -> list[str]:
    """What an online event leaves: sites connected, running order, recording, platform
    evidence and the summary; no paper sheets."""
    missing = []
    if not event.bridge_sites.filter(connected=True).exists():
        missing.append(_("Отметьте, какие пилотные площадки подключились."))
    if not event.running_order.exists():
        missing.append(_("Заполните порядок выступлений так, как он прошёл."))
    if not event.recording_link:
        missing.append(_("Добавьте ссылку на запись видеомоста."))
    if not event.platform_evidence:
        missing.append(_("Приложите скриншот или выгрузку участников с платформы."))
    if not event.experience_summary.strip():
        missing.append(_("Напишите обобщение опыта."))
    if not event.report_text.strip():
        missing.append(_("Напишите текст отчёта."))
    return missing


def missing_evidence(event: Event) -> list[str]:
    """What stops the report from being submitted, in the words of the checklist."""
    if event.is_videobridge:
        return _videobridge_missing(event)
    missing = []
    if not event.scans.exists():
        missing.append(_("Загрузите сканы подписанных листов регистрации."))
    if not event.photos.exists():
        missing.append(_("Загрузите хотя бы одну фотографию."))
    if event.attendance_reconciled_at is None:
        missing.append(_("Отметьте присутствовавших по листу и подтвердите сверку посещаемости."))
    if not event.report_text.strip():
        missing.append(_("Напишите текст отчёта."))
    if event.is_round_table:
        if not event.conclusions.strip():
            missing.append(_("Запишите основные выводы круглого стола."))
        if not event.resolution_text.strip() and not event.resolution_file:
            missing.append(_("Приложите резолюцию круглого стола (текст или файл)."))
    return missing


# --- On the day and after ------------------------------------------------------------------


@transaction.atomic
def attendance_set(*, event: Event, by: Any, attended_ids: set[int]) -> int:
    """Mark exactly these registrations as present; the count is of people, not typed."""
    locked = lock_event(event)
    if not policy.can_work_on_evidence(by, locked):
        raise TransitionError(_("Посещаемость отмечают после проведения мероприятия."))
    registrations = locked.registrations.all()
    registrations.filter(pk__in=attended_ids).update(attended=True)
    registrations.exclude(pk__in=attended_ids).update(attended=False)
    locked.attendance_reconciled_at = timezone.now()
    locked.save(update_fields=["attendance_reconciled_at", "updated_at"])
    return registrations.filter(attended=True).count()


@atomic_with_files()
def scan_add(*, event: Event, by: Any, upload: CheckedUpload) -> EventScan:
    locked = lock_event(event)
    if not policy.can_work_on_evidence(by, locked):
        raise TransitionError(_("Сканы листов загружают после проведения мероприятия."))
    scan = EventScan(event=locked, uploaded_by=by)
    scan.attach(upload)
    scan.save()
    return scan


@atomic_with_files()
def photo_add(
    *,
    event: Event,
    by: Any,
    upload: CheckedUpload,
    caption: str = "",
    people: list[Registration] | None = None,
) -> EventPhoto:
    """A photo; flagged when someone marked on it did not consent to photos."""
    locked = lock_event(event)
    if not policy.can_work_on_evidence(by, locked):
        raise TransitionError(_("Фотографии загружают после проведения мероприятия."))
    people = [p for p in (people or []) if p.event_id == locked.pk]
    photo = EventPhoto(
        event=locked,
        uploaded_by=by,
        caption=" ".join(caption.split()),
        has_non_consenting=any(not person.consent_photo for person in people),
    )
    photo.attach(upload)
    photo.save()
    photo.people.set(people)
    return photo


@atomic_with_files()
def event_results_save(
    *,
    event: Event,
    by: Any,
    data: dict[str, Any],
    resolution: CheckedUpload | None = None,
) -> Event:
    """Round-table conclusions and resolution, the videobridge's recording and summary."""
    locked = lock_event(event)
    if not policy.can_edit_event(by, locked):
        raise TransitionError(_("Итоги этого мероприятия сейчас нельзя изменить."))
    for name in RESULT_FIELDS:
        if name in data:
            setattr(locked, name, (data[name] or "").strip())
    if resolution is not None:
        if locked.resolution_file:
            delete_on_commit(locked.resolution_file)
        locked.resolution_file = resolution
        locked.resolution_file_name = resolution.display_name
    locked.full_clean(exclude=["programme", "pilot_site", "created_by", "resolution_file"])
    locked.save()
    return locked


# --- The report ----------------------------------------------------------------------------


@transaction.atomic
def event_report_save(*, event: Event, by: Any, text: str) -> Event:
    locked = lock_event(event)
    if not policy.can_work_on_evidence(by, locked):
        raise TransitionError(_("Отчёт сейчас нельзя изменить."))
    locked.report_text = text.strip()
    locked.full_clean(exclude=["programme", "pilot_site", "created_by"])
    locked.save(update_fields=["report_text", "updated_at"])
    return locked


@transaction.atomic
def event_report_submit(*, event: Event, by: Any) -> Event:
    """Held (or returned) → report submitted, only with complete evidence."""
    locked = lock_event(event)
    if not policy.can_submit_report(by, locked):
        raise TransitionError(_("Отчёт по этому мероприятию сейчас нельзя отправить."))
    missing = missing_evidence(locked)
    if missing:
        raise EvidenceMissingError(missing)
    locked.return_message = ""
    return move_state(
        locked, to=EventState.REPORT_SUBMITTED, action=HistoryAction.SUBMIT_REPORT, by=by
    )


@transaction.atomic
def event_report_accept(*, event: Event, by: Any, acknowledge_shortfall: bool = False) -> Event:
    """Report submitted → accepted by a federal coordinator.

    A report below the minimum is accepted only when the coordinator acknowledges the
    shortfall explicitly; who and when is recorded, and the event does not count toward the
    programme's target (``Event.meets_target``).
    """
    locked = lock_event(event)
    if not policy.can_review_report(by, locked):
        raise TransitionError(_("Принять можно только отправленный отчёт."))
    attended = attendance_count(locked)
    message = ""
    if locked.is_below_minimum(attended):
        if not acknowledge_shortfall:
            raise ShortfallError(
                _(
                    "Участников меньше минимума (%(attended)s из %(minimum)s). Чтобы принять "
                    "отчёт, подтвердите недобор: мероприятие не будет засчитано в целевой "
                    "показатель."
                )
                % {"attended": attended, "minimum": locked.min_participants}
            )
        locked.shortfall_acknowledged_by = by
        locked.shortfall_acknowledged_at = timezone.now()
        locked.save(update_fields=["shortfall_acknowledged_by", "shortfall_acknowledged_at"])
        message = _(
            "Принят с недобором: %(attended)s из %(minimum)s; не засчитывается в показатель."
        ) % {"attended": attended, "minimum": locked.min_participants}
    return move_state(
        locked,
        to=EventState.REPORT_ACCEPTED,
        action=HistoryAction.ACCEPT_REPORT,
        by=by,
        message=message,
    )


@atomic_with_files()
def platform_evidence_add(*, event: Event, by: Any, upload: CheckedUpload) -> Event:
    """The videobridge's screenshot or the platform's attendance export (replaces the last)."""
    locked = lock_event(event)
    if not policy.can_work_on_evidence(by, locked) or not locked.is_videobridge:
        raise TransitionError(_("Файл с платформы прикладывают после видеомоста."))
    if locked.platform_evidence:
        delete_on_commit(locked.platform_evidence)
    locked.platform_evidence = upload
    locked.platform_evidence_name = upload.display_name
    locked.save(update_fields=["platform_evidence", "platform_evidence_name", "updated_at"])
    return locked


@transaction.atomic
def event_report_return(*, event: Event, by: Any, message: str) -> Event:
    locked = lock_event(event)
    if not policy.can_review_report(by, locked):
        raise TransitionError(_("Вернуть можно только отправленный отчёт."))
    message = message.strip()
    if not message:
        raise ValidationError({"message": [_("Напишите, что нужно исправить.")]})
    locked.return_message = message
    return move_state(
        locked,
        to=EventState.REPORT_RETURNED,
        action=HistoryAction.RETURN_REPORT,
        by=by,
        message=message,
    )
