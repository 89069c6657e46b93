"""Practices and 152-ФЗ: reads of a questionnaire's contact person recorded (and nothing for
pages without it), contacts anonymised after retention with the register's rows unchanged,
and a contact person's data exported and erased."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from practices import services
from practices.models import Attachment, Questionnaire
from practices.personal_data import ANONYMISED_NAME
from reports.engine import registry
from reports.engine.render import render_document
from resursnaya_sreda.kernel import access_log, personal_data
from resursnaya_sreda.kernel.models import AccessAction, PersonalDataAccess

pytestmark = pytest.mark.django_db


def entries():
    return list(PersonalDataAccess.objects.order_by("pk"))


def _register(user):
    kind = registry.get("practices-register")
    form = kind.get_form({}, user=user)
    assert form.is_valid(), form.errors
    output = io.BytesIO()
    render_document(kind(form.cleaned_data, user=user), "xlsx", output)
    return [list(r) for r in load_workbook(output).active.iter_rows(values_only=True)]


@pytest.mark.parametrize(
    "role, status, recorded",
    [
        ("federal", 200, 1),
        ("regional_a", 200, 1),
        ("regional_b", 404, 0),
        ("applicant", 200, 0),  # the organisation reading its own contact person
        ("expert", 404, 0),
    ],
)
def test_reading_the_contact_person_is_recorded_for_others_only(
    request, submitted_a, login, role, status, recorded
):
    user = request.getfixturevalue(role)
    client = login(user)
    response = client.get(reverse("practices:detail", args=[submitted_a.pk]))
    assert response.status_code == status
    assert len(entries()) == recorded
    if recorded:
        [entry] = entries()
        assert entry.user == user
        assert entry.object_id == str(submitted_a.pk)
        assert entry.parameters == {"contacts": True}
        assert "zakhar@example.org" in response.content.decode()


@pytest.mark.parametrize(
    "name, args",
    [
        ("practices:review-list", []),
        ("practices:pilot-sites", []),
        ("practices:catalogue", []),
    ],
)
def test_pages_without_contacts_write_nothing(submitted_a, regional_a, login, name, args):
    assert login(regional_a).get(reverse(name, args=args)).status_code == 200
    assert entries() == []


def test_a_detail_redrawn_with_a_bad_comment_writes_one_entry(submitted_a, regional_a, login):
    response = login(regional_a).post(reverse("practices:comment-add", args=[submitted_a.pk]), {})
    assert response.status_code == 400
    assert len(entries()) == 1


def test_a_staff_download_of_an_attachment_writes_one_entry(
    login, draft_a, applicant, regional_a, photo_upload
):
    from practices.uploads import attachment_file_field

    upload = attachment_file_field().clean(photo_upload)
    attachment = services.attachment_add(questionnaire=draft_a, by=applicant, upload=upload)
    services.questionnaire_submit(questionnaire=draft_a, by=applicant)
    url = reverse("files:download", args=["practices-attachment", attachment.pk])
    assert login(regional_a).get(url).status_code == 200
    [entry] = entries()
    assert entry.action == AccessAction.DOWNLOAD
    assert entry.object_id == str(attachment.pk)


def test_a_public_photo_of_a_published_practice_writes_nothing(
    client, submitted_a, applicant, federal, photo_upload
):
    from practices.uploads import attachment_file_field

    submitted_a.state = "returned"
    submitted_a.save()
    upload = attachment_file_field().clean(photo_upload)
    photo = services.attachment_add(questionnaire=submitted_a, by=applicant, upload=upload)
    submitted_a.state = "submitted"
    submitted_a.save()
    services.questionnaire_publish(questionnaire=submitted_a, by=federal)
    url = reverse("files:thumbnail", args=["practices-attachment", photo.pk])
    assert client.get(url).status_code == 200
    assert client.get(reverse("practices:photo", args=[photo.pk])).status_code == 200
    assert entries() == []


def test_practices_register_themselves_as_holding_personal_data():
    assert access_log.holds_personal_data(Questionnaire)
    assert access_log.holds_personal_data(Attachment)
    assert registry.get("practices-questionnaire").personal_data
    assert registry.get("practices-register").personal_data


def test_anonymising_removes_contacts_and_keeps_the_register(
    submitted_a, submitted_b, federal, programme
):
    before = _register(federal)
    header = before[0]
    personal = {header.index(t) for t in ("Контактное лицо", "Должность", "Телефон", "E-mail")}

    counts = personal_data.programme_anonymise(programme=programme)

    assert counts["practices-contacts"] == 2
    after = _register(federal)
    assert len(after) == len(before)
    keep = [i for i in range(len(header)) if i not in personal]
    assert [[row[i] for i in keep] for row in after] == [[row[i] for i in keep] for row in before]
    flat = " ".join(str(cell) for row in after for cell in row)
    assert "zakhar@example.org" not in flat and "Заявителев" not in flat
    submitted_a.refresh_from_db()
    assert submitted_a.contact_name == ANONYMISED_NAME
    assert submitted_a.title == "Школа межнационального диалога"
    assert personal_data.programme_anonymise(programme=programme)["practices-contacts"] == 0


def test_the_export_lists_questionnaires_naming_the_address(submitted_a):
    [section] = dict(personal_data.person_data("Zakhar@example.org"))["practices"]
    [row] = section.table
    assert row[0] == submitted_a.title
    assert row[3] == "Заявителев Захар Захарович"
    assert ", редакция " in row[6]  # when the consent was given, and its wording


def test_erasure_removes_the_contact_person_only(submitted_a, submitted_b, federal):
    record = personal_data.person_erase(email="zakhar@example.org", by=federal, reason="Заявление")
    assert record.counts["practices"] == 2
    assert not Questionnaire.objects.filter(contact_email="zakhar@example.org").exists()
    assert Questionnaire.objects.count() == 2
    assert dict(personal_data.person_data("zakhar@example.org"))["practices"] == []


def test_only_the_questionnaire_page_records_among_all_practices_pages(submitted_a, federal, login):
    """The matrix over every practices URL, read by a federal coordinator: one entry for the
    page with the contact person, none for any other page."""
    from django.core.cache import cache

    from tests.security.urls import app_urls

    client = login(federal)
    written = {}
    for url in app_urls("practices", pk=submitted_a.pk, section="contacts"):
        cache.clear()
        before = PersonalDataAccess.objects.count()
        client.get(url.path)
        written[url.name] = PersonalDataAccess.objects.count() - before
    assert len(written) > 15
    assert {name: n for name, n in written.items() if n} == {"practices:detail": 1}
