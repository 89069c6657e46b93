"""Sending to the organiser: the ZIP package, the date and number, the result."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from contest import services
from contest.models import EntryState, PackageState, Result
from tests.contest.conftest import complete, scan_upload, selected_practice, tick_all

pytestmark = pytest.mark.django_db


def test_an_entry_not_checked_is_never_sent(submitted_entry, federal):
    with pytest.raises(services.TransitionError, match="только проверенная заявка"):
        services.entry_mark_sent(entry=submitted_entry, by=federal, sent_on=timezone.localdate())


def test_the_date_sent_and_the_organisers_number_are_recorded(checked_entry, federal):
    entry = services.entry_mark_sent(
        entry=checked_entry, by=federal, sent_on=timezone.localdate(), organiser_number=""
    )
    assert entry.state == EntryState.SENT and entry.sent_by == federal
    # The number often comes later.
    entry = services.entry_mark_sent(
        entry=entry, by=federal, sent_on=None, organiser_number="ВК-3-0042"
    )
    entry.refresh_from_db()
    assert entry.organiser_number == "ВК-3-0042"
    assert entry.history.filter(action="send").count() == 1


def test_a_date_sent_in_the_future_is_refused(checked_entry, federal):
    with pytest.raises(Exception, match="не может быть в будущем"):
        services.entry_mark_sent(
            entry=checked_entry,
            by=federal,
            sent_on=timezone.localdate() + datetime.timedelta(days=1),
        )


def test_regional_staff_do_not_send(checked_entry, regional_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.entry_mark_sent(entry=checked_entry, by=regional_a, sent_on=timezone.localdate())


def test_a_winner_needs_a_place_and_the_result_reaches_the_practice_page(
    checked_entry, federal, client, practice_a
):
    entry = services.entry_mark_sent(
        entry=checked_entry, by=federal, sent_on=timezone.localdate(), organiser_number="7"
    )
    with pytest.raises(Exception, match="Укажите место"):
        services.entry_record_result(entry=entry, by=federal, result=Result.WINNER)
    entry = services.entry_record_result(
        entry=entry, by=federal, result=Result.WINNER, place=1, diploma=scan_upload("диплом.jpg")
    )
    assert entry.state == EntryState.RESULT and entry.diploma_name == "диплом.jpg"
    practice_a.published_at = timezone.now()
    practice_a.save()
    page = client.get(reverse("practices:practice", args=[practice_a.pk])).content.decode()
    assert "Победитель, 1 место" in page
    assert "спецноминация «Ресурсной среды»" in page


def _zip(package):
    with package.file.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def test_the_entry_package_has_the_pdf_the_files_and_a_manifest_that_matches(
    checked_entry, federal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        package = services.package_request(
            by=federal, contest=checked_entry.contest, entry=checked_entry
        )
    package.refresh_from_db()
    assert package.state == PackageState.DONE, package.error
    archive = _zip(package)
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["entries"][0]["id"] == checked_entry.pk
    assert manifest["entries"][0]["special_nomination"] is True
    paths = {item["path"] for item in manifest["files"]}
    assert "Заявка.pdf" in paths
    assert sum(1 for p in paths if p.startswith("Приложения/")) == 2  # letter and consent
    for item in manifest["files"]:
        data = archive.read(item["path"])
        assert hashlib.sha256(data).hexdigest() == item["sha256"]
        assert len(data) == item["size"]
    pdf_text = PdfReader(io.BytesIO(archive.read("Заявка.pdf"))).pages[0].extract_text()
    assert checked_entry.title in pdf_text
    assert "ОПИСЬ.txt" in archive.namelist()
    with package.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == package.sha256


def test_the_site_package_holds_a_folder_per_checked_entry(
    checked_entry,
    federal,
    site_a,
    programme,
    applicant_organisation,
    applicant,
    regional_a,
    special,
    django_capture_on_commit_callbacks,
):
    second = services.entry_start(
        by=applicant,
        questionnaire=selected_practice(
            programme, site_a, applicant_organisation, title="Вторая практика"
        ),
        nomination=special,
    )
    complete(second, applicant)
    services.entry_submit(entry=second, by=applicant)
    tick_all(second, regional_a)
    services.entry_mark_checked(entry=second, by=regional_a)
    with django_capture_on_commit_callbacks(execute=True):
        package = services.package_request(by=federal, contest=checked_entry.contest, site=site_a)
    package.refresh_from_db()
    archive = _zip(package)
    manifest = json.loads(archive.read("manifest.json"))
    folders = [entry["folder"] for entry in manifest["entries"]]
    assert len(folders) == 2 and all(folder.endswith("/") for folder in folders)
    for folder in folders:
        assert f"{folder}Заявка.pdf" in archive.namelist()


def test_a_package_of_a_draft_is_refused(draft_entry, federal):
    with pytest.raises(services.ContestError, match="только для проверенной"):
        services.package_request(by=federal, contest=draft_entry.contest, entry=draft_entry)


def test_the_package_is_downloaded_from_the_entry_page(
    login, checked_entry, federal, django_capture_on_commit_callbacks
):
    client = login(federal)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("contest:entry-package", args=[checked_entry.pk]))
    package = checked_entry.packages.get()
    page = client.get(reverse("contest:entry", args=[checked_entry.pk])).content.decode()
    assert reverse("contest:package-download", args=[package.pk]) in page
    response = client.get(reverse("contest:package-download", args=[package.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
