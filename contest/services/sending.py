"""Sending to the organiser: the package (made by the worker), the date sent and the
organiser's number, then the result with the place and the diploma."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import tempfile
import zipfile
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest import notifications
from contest import permissions as policy
from contest.models import (
    COUNTED_STATES,
    PLACED_RESULTS,
    Contest,
    Entry,
    EntryAction,
    EntryState,
    Package,
    PackageState,
    Result,
)
from contest.services.common import ContestError, TransitionError, actor, lock_entry, set_state
from resursnaya_sreda.kernel.models import PilotSite
from resursnaya_sreda.kernel.uploads import CheckedUpload, atomic_with_files, delete_on_commit

MANIFEST = "manifest.json"
INVENTORY = "ОПИСЬ.txt"
#: Entries that go into a site's package: checked and later.
PACKAGED_STATES = COUNTED_STATES


def safe_name(text: str, limit: int = 60) -> str:
    """A file or folder name any archiver accepts (Cyrillic kept)."""
    cleaned = re.sub(r"[^\w\s.,()«»-]+", " ", text, flags=re.UNICODE)
    cleaned = " ".join(cleaned.split()).strip(" .")
    return (cleaned or "file")[:limit].rstrip(" .")


# --- Packages ---------------------------------------------------------------------------------


@transaction.atomic
def package_request(
    *, by: Any, contest: Contest, entry: Entry | None = None, site: PilotSite | None = None
) -> Package:
    """Order the ZIP for one entry or one site; the worker builds it after the commit."""
    if (entry is None) == (site is None):
        raise ValueError("package_request needs exactly one of entry= and site=")
    if not policy.can_request_package(by, entry=entry, site=site):
        raise PermissionDenied
    if entry is not None and entry.state not in PACKAGED_STATES:
        raise ContestError(_("Пакет собирается только для проверенной заявки."))
    if (
        site is not None
        and not contest.entries.filter(pilot_site=site, state__in=PACKAGED_STATES).exists()
    ):
        raise ContestError(_("У площадки нет проверенных заявок — собирать нечего."))
    active = Package.objects.filter(
        contest=contest,
        entry=entry,
        pilot_site=site,
        state__in=[PackageState.QUEUED, PackageState.RUNNING],
    ).first()
    if active is not None:
        return active
    package = Package.objects.create(
        contest=contest, entry=entry, pilot_site=site, requested_by=actor(by)
    )
    from contest.tasks import build_package_task

    transaction.on_commit(lambda: build_package_task.delay(package.pk))
    return package


def _entry_members(entry: Entry, prefix: str) -> list[tuple[str, Any, str]]:
    """(path in the archive, bytes or a stored file, description) of one entry."""
    import io

    from contest.documents import EntryPdf
    from reports.engine.render import render_document

    pdf = io.BytesIO()
    render_document(EntryPdf({"entry": entry}), "pdf", pdf)
    members: list[tuple[str, Any, str]] = [
        (f"{prefix}Заявка.pdf", pdf.getvalue(), _("Заявка (PDF)")),
    ]
    for number, attachment in enumerate(
        entry.attachments.select_related("requirement").order_by("requirement__position", "pk"),
        start=1,
    ):
        name = f"{number:02d} {safe_name(attachment.requirement.title, 40)} — " + safe_name(
            attachment.display_name, 60
        )
        members.append(
            (f"{prefix}Приложения/{name}", attachment.file, attachment.requirement.title)
        )
    return members


def _entry_summary(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "title": entry.title,
        "nomination": entry.nomination.title,
        "special_nomination": entry.nomination.is_special,
        "organisation": entry.organisation.name,
        "region": entry.region.name,
        "municipality": entry.municipality.name if entry.municipality_id else "",
        "state": entry.state,
        "checked_at": timezone.localtime(entry.checked_at).isoformat()
        if entry.checked_at
        else None,
        "organiser_number": entry.organiser_number,
    }


def build_package(*, package_id: int) -> Package:
    """Make the ZIP: entry PDF, attachments and a manifest (with SHA-256 of every file) per
    entry; a site's package has a folder per entry and a manifest of all. Idempotent."""
    claimed = Package.objects.filter(pk=package_id, state=PackageState.QUEUED).update(
        state=PackageState.RUNNING
    )
    package = Package.objects.select_related("contest", "entry", "pilot_site__region").get(
        pk=package_id
    )
    if not claimed:
        return package
    try:
        contest = package.contest
        if package.entry_id:
            entries = [package.entry]
            base = f"Заявка {package.entry_id} — {safe_name(package.entry.title, 50)}"
            nested = False
        else:
            entries = list(
                contest.entries.filter(pilot_site=package.pilot_site, state__in=PACKAGED_STATES)
                .select_related("nomination", "organisation", "region", "municipality")
                .order_by("pk")
            )
            base = f"Площадка {safe_name(package.pilot_site.region.name, 50)}"
            nested = True
        manifest: dict[str, Any] = {
            "contest": contest.display_title,
            "organiser": contest.organiser,
            "generated_at": timezone.localtime().isoformat(),
            "pilot_site": package.pilot_site.region.name if package.pilot_site_id else None,
            "entries": [],
            "files": [],
        }
        inventory = [
            _("Опись пакета для организатора: %(c)s") % {"c": contest.display_title},
            "",
        ]
        with tempfile.TemporaryFile() as tmp:
            with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for entry in entries:
                    prefix = f"{entry.pk} — {safe_name(entry.title, 50)}/" if nested else ""
                    manifest["entries"].append({**_entry_summary(entry), "folder": prefix})
                    inventory.append(f"{entry.pk}. {entry.title} ({entry.organisation.name})")
                    for path, content, description in _entry_members(entry, prefix):
                        if hasattr(content, "open"):
                            with content.open("rb") as handle:
                                data = handle.read()
                        else:
                            data = content
                        archive.writestr(path, data)
                        manifest["files"].append(
                            {
                                "path": path,
                                "entry": entry.pk,
                                "description": str(description),
                                "size": len(data),
                                "sha256": hashlib.sha256(data).hexdigest(),
                            }
                        )
                        inventory.append(f"   {path} — {description}, {len(data)} байт")
                archive.writestr(
                    MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
                )
                archive.writestr(INVENTORY, "\n".join(inventory).encode("utf-8"))
            size = tmp.tell()
            tmp.seek(0)
            digest = hashlib.sha256()
            for chunk in iter(lambda: tmp.read(1 << 20), b""):
                digest.update(chunk)
            tmp.seek(0)
            file_name = f"{base}.zip"
            package.file.save(file_name, File(tmp, name=file_name), save=False)
        Package.objects.filter(pk=package.pk).update(
            state=PackageState.DONE,
            file=package.file.name,
            file_name=file_name,
            size=size,
            sha256=digest.hexdigest(),
            manifest=manifest,
            finished_at=timezone.now(),
        )
    except Exception as exc:
        Package.objects.filter(pk=package.pk).update(
            state=PackageState.FAILED,
            error=_("Пакет не собран: %(e)s. Закажите его снова.") % {"e": type(exc).__name__},
            finished_at=timezone.now(),
        )
        raise
    package.refresh_from_db()
    return package


# --- Sent and result ---------------------------------------------------------------------------


@transaction.atomic
def entry_mark_sent(
    *, entry: Entry, by: Any, sent_on: datetime.date, organiser_number: str = ""
) -> Entry:
    """Record that the checked entry went to the organiser, when, and under which number.
    An entry not checked by the regional centre is never sent."""
    locked = lock_entry(entry)
    if locked.state == EntryState.SENT:
        # Only the organiser's number may be added later, when it arrives.
        if not policy.roles.is_federal(by):
            raise PermissionDenied
        locked.organiser_number = " ".join((organiser_number or "").split())[:64]
        locked.save(update_fields=["organiser_number", "updated_at"])
        return locked
    if locked.state != EntryState.CHECKED:
        raise TransitionError(
            _("Организатору отправляется только проверенная заявка; эта — «%(state)s».")
            % {"state": locked.get_state_display()}
        )
    if not policy.can_send_entry(by, locked):
        raise PermissionDenied
    if sent_on is None:
        raise ValidationError({"sent_on": _("Укажите дату отправки.")})
    if sent_on > timezone.localdate():
        raise ValidationError({"sent_on": _("Дата отправки не может быть в будущем.")})
    locked.sent_on = sent_on
    locked.sent_by = actor(by)
    locked.organiser_number = " ".join((organiser_number or "").split())[:64]
    set_state(
        locked,
        EntryState.SENT,
        action=EntryAction.SEND,
        by=by,
        message=(
            _("Регистрационный номер: %(n)s") % {"n": locked.organiser_number}
            if locked.organiser_number
            else ""
        ),
    )
    notifications.entry_changed(locked, action=str(EntryAction.SEND.label), to_staff=True)
    return locked


@atomic_with_files()
def entry_record_result(
    *,
    entry: Entry,
    by: Any,
    result: str,
    place: int | None = None,
    diploma: CheckedUpload | None = None,
) -> Entry:
    """The organiser's decision: winner, prize-winner (with a place) or participant, and the
    diploma scan. It shows on the practice's page and offers the practice to the collection."""
    locked = lock_entry(entry)
    if not policy.can_record_result(by, locked):
        if locked.state not in (EntryState.SENT, EntryState.RESULT):
            raise TransitionError(_("Итог записывается для заявки, отправленной организатору."))
        raise PermissionDenied
    if result not in Result.values:
        raise ValidationError({"result": _("Выберите итог.")})
    if result in PLACED_RESULTS and not place:
        raise ValidationError({"place": _("Укажите место победителя или призёра.")})
    if result not in PLACED_RESULTS:
        place = None
    locked.result = result
    locked.place = place
    locked.result_recorded_at = timezone.now()
    if diploma is not None:
        delete_on_commit(locked.diploma)
        locked.diploma = diploma
        locked.diploma_name = diploma.display_name
    set_state(
        locked,
        EntryState.RESULT,
        action=EntryAction.RESULT,
        by=by,
        message=str(locked.result_display),
    )
    notifications.entry_changed(locked, action=str(EntryAction.RESULT.label), to_staff=True)
    return locked
