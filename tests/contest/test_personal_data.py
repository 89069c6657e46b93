"""The contest and 152-ФЗ: reads of an entry's head of practice recorded (none for pages
without them), contacts anonymised after retention with the entries register unchanged, a
person's entries exported and erased."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from contest.documents import EntriesRegister
from contest.models import Entry, EntryAttachment
from contest.personal_data import ANONYMISED_NAME
from reports.engine import registry
from reports.engine.render import render_document
from resursnaya_sreda.kernel import access_log, personal_data
from resursnaya_sreda.kernel.models import AccessAction, PersonalDataAccess

pytestmark = pytest.mark.django_db


def entries():
    return list(PersonalDataAccess.objects.order_by("pk"))


@pytest.mark.parametrize(
    "role, status, recorded",
    [
        ("federal", 200, 1),
        ("regional_a", 200, 1),
        ("regional_b", 404, 0),
        ("applicant", 200, 0),  # the organisation reading its own entry
        ("expert", 404, 0),
    ],
)
def test_reading_the_head_of_practice_is_recorded_for_others_only(
    request, submitted_entry, login, role, status, recorded
):
    user = request.getfixturevalue(role)
    response = login(user).get(reverse("contest:entry", args=[submitted_entry.pk]))
    assert response.status_code == status
    assert len(entries()) == recorded
    if recorded:
        [entry] = entries()
        assert entry.user == user
        assert entry.object_id == str(submitted_entry.pk)
        assert "zakhar@example.org" in response.content.decode()


def test_the_list_and_readiness_pages_write_nothing(submitted_entry, regional_a, login):
    client = login(regional_a)
    for name in ("contest:entries", "contest:readiness"):
        assert client.get(reverse(name)).status_code == 200
    assert entries() == []


def test_a_staff_download_of_an_entry_file_writes_one_entry(submitted_entry, regional_a, login):
    attachment = EntryAttachment.objects.filter(entry=submitted_entry).first()
    url = reverse("files:download", args=["contest-entryattachment", attachment.pk])
    assert login(regional_a).get(url).status_code == 200
    [entry] = entries()
    assert entry.action == AccessAction.DOWNLOAD


def test_the_contest_registers_itself_as_holding_personal_data():
    assert access_log.holds_personal_data(Entry)
    assert access_log.holds_personal_data(EntryAttachment)
    assert registry.get("contest-entry").personal_data
    assert not registry.get("contest-entries").personal_data


def _register(contest, user):
    out = io.BytesIO()
    render_document(EntriesRegister({"contest": contest}, user=user), "xlsx", out)
    return [list(r) for r in load_workbook(io.BytesIO(out.getvalue())).active.iter_rows()]


def test_anonymising_removes_contacts_and_keeps_the_register(
    submitted_entry, federal, contest, programme
):
    def values(rows):
        return [[cell.value for cell in row] for row in rows]

    before = values(_register(contest, federal))
    counts = personal_data.programme_anonymise(programme=programme)
    assert counts["contest-contacts"] == 1
    assert values(_register(contest, federal)) == before
    submitted_entry.refresh_from_db()
    assert submitted_entry.contact_name == ANONYMISED_NAME
    assert submitted_entry.contact_email == ""
    assert submitted_entry.state == "submitted"
    assert personal_data.programme_anonymise(programme=programme)["contest-contacts"] == 0


def test_the_export_and_erasure_cover_entries(submitted_entry, federal):
    [section] = dict(personal_data.person_data("zakhar@example.org"))["contest"]
    assert section.table[0][3] == "Заявителев Захар Захарович"
    record = personal_data.person_erase(email="zakhar@example.org", by=federal, reason="Заявление")
    assert record.counts["contest"] == 1
    assert dict(personal_data.person_data("zakhar@example.org"))["contest"] == []
    assert Entry.objects.filter(pk=submitted_entry.pk).exists()


def test_only_the_entry_pages_record_among_all_contest_pages(submitted_entry, federal, login):
    """The matrix over every contest URL, read by a federal coordinator: one entry for the
    entry's page with its head of practice, none for any other page."""
    from django.core.cache import cache

    from tests.security.urls import app_urls

    requirement = submitted_entry.contest.requirements.first()
    client = login(federal)
    written = {}
    urls = app_urls(
        "contest",
        pk=submitted_entry.pk,
        requirement_pk=requirement.pk,
        site_pk=submitted_entry.pilot_site_id if hasattr(submitted_entry, "pilot_site_id") else 1,
    )
    for url in urls:
        cache.clear()
        before = PersonalDataAccess.objects.count()
        client.get(url.path)
        written[url.name] = PersonalDataAccess.objects.count() - before
    assert len(written) > 15
    assert {name: n for name, n in written.items() if n} == {"contest:entry": 1}
