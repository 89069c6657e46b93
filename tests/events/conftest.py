"""Event fixtures: a seminar of site A in each state, images and a scan to upload."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from events import services
from events.demo import shift_event
from events.models import Event, EventKind, EventState
from practices.models import Questionnaire
from resursnaya_sreda.kernel.models import Target, TargetCode
from resursnaya_sreda.kernel.uploads import IMAGES, SCANS, check_upload
from tests.events.factories import best_practice


def jpeg_bytes(colour: str = "red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, "JPEG")
    return buffer.getvalue()


PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n"
)


def jpeg_upload(name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(), content_type="image/jpeg")


def pdf_upload(name: str = "sheet.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def checked_photo():
    return check_upload(jpeg_upload(), kinds=IMAGES)


def checked_scan():
    return check_upload(pdf_upload(), kinds=SCANS)


EVENT_DATA = {
    "kind": EventKind.SEMINAR,
    "title": "Семинар о практиках межнационального диалога",
    "description": "Разбор лучших практик.",
    "start_time": datetime.time(10, 0),
    "end_time": datetime.time(16, 0),
    "venue": "Дом дружбы",
    "address": "Казань, ул. Пушкина, 1",
    "partner_administration": "Администрация города",
    "registration_mode": "online",
}


@pytest.fixture
def targets(programme):
    Target.objects.create(programme=programme, code=TargetCode.SEMINAR_PARTICIPANTS, value=15)
    Target.objects.create(programme=programme, code=TargetCode.ROUND_TABLE_PARTICIPANTS, value=30)


@pytest.fixture
def make_event(site_a, regional_a, targets):
    """``make_event(state=..., site=..., days=...)``: an event moved there through services."""

    def _make(
        *,
        state: str = EventState.PLANNED,
        site=None,
        days: int = 10,
        by=None,
        **data,
    ) -> Event:
        site = site or site_a
        by = by or regional_a
        today = timezone.localdate()
        fields = {**EVENT_DATA, "date": today + datetime.timedelta(days=abs(days)), **data}
        if fields["kind"] == EventKind.SEMINAR and "practice" not in fields:
            fields["practice"] = _practice_of(site)
        event = services.event_create(by=_staff_for(site, by), pilot_site=site, data=fields)
        if state == EventState.PLANNED:
            return _finish(event, days)
        staff = _staff_for(site, by)
        services.event_announce(event=event, by=staff)
        if state == EventState.ANNOUNCED:
            return _finish(event, days)
        event = shift_event(event, today + datetime.timedelta(days=-abs(days)))
        services.event_mark_held(event=event, by=staff)
        if state == EventState.HELD:
            return Event.objects.get(pk=event.pk)
        raise ValueError(state)

    def _finish(event: Event, days: int) -> Event:
        if days < 0:
            shift_event(event, timezone.localdate() + datetime.timedelta(days=days))
        return Event.objects.get(pk=event.pk)

    return _make


def _practice_of(site):
    """The site's first best practice, made once: every seminar presents one."""
    found = Questionnaire.objects.filter(
        organisation__region=site.region, decision__outcome="best"
    ).first()
    return found or best_practice(site)


def _staff_for(site, user):
    from resursnaya_sreda.accounts import permissions as roles

    if roles.can_manage_pilot_site(user, site):
        return user
    from resursnaya_sreda.accounts.models import Role
    from tests.factories import MembershipFactory, UserFactory

    staff = UserFactory()
    MembershipFactory(user=staff, role=Role.REGIONAL, pilot_site=site)
    return staff


def complete_evidence(event: Event, by) -> Event:
    """Everything the report gate asks for: one attendee, a scan, a photo, the text."""
    services.walk_in_add(
        event=event, by=by, full_name="Пришедший Пётр Петрович", consent_photo=True
    )
    ids = set(event.registrations.filter(attended=True).values_list("pk", flat=True))
    services.attendance_set(event=event, by=by, attended_ids=ids)
    services.scan_add(event=event, by=by, upload=checked_scan())
    services.photo_add(event=event, by=by, upload=checked_photo())
    services.event_report_save(event=event, by=by, text="Семинар прошёл, было интересно.")
    return Event.objects.get(pk=event.pk)


def register(event: Event, n: int = 1, *, start: int = 0, consent_photo: bool = False):
    return [
        services.registration_create(
            event=event,
            full_name=f"Участник Номер {i}",
            email=f"person{i}@example.org",
            organisation="НКО",
            consent_personal_data=True,
            consent_photo=consent_photo,
        )
        for i in range(start, start + n)
    ]
