"""Bad input: HTML shown as text, absurd lengths, files that lie, editing what is frozen."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from practices import services
from practices.models import LONG_TEXT, Attachment
from tests.practices.conftest import EVIL, jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def evil_submitted(make_questionnaire, applicant, applicant_organisation, regional_a, federal):
    questionnaire = make_questionnaire(
        applicant_organisation,
        by=applicant,
        title=EVIL,
        problem=EVIL,
        contact_name=EVIL,
        results_qualitative=EVIL,
    )
    services.questionnaire_submit(questionnaire=questionnaire, by=applicant)
    services.questionnaire_publish(questionnaire=questionnaire, by=federal)
    return questionnaire


@pytest.mark.parametrize(
    ("role", "url_name"),
    [
        ("applicant", "practices:detail"),
        ("regional_a", "practices:detail"),
        ("anonymous", "practices:practice"),
        ("applicant", "practices:my-list"),
        ("regional_a", "practices:review-list"),
        ("anonymous", "practices:catalogue"),
    ],
)
def test_html_in_answers_is_shown_as_text(request, login, evil_submitted, role, url_name):
    client = login(request.getfixturevalue(role))
    args = [evil_submitted.pk] if url_name in {"practices:detail", "practices:practice"} else []
    content = client.get(reverse(url_name, args=args)).content.decode()
    assert "<script>alert" not in content
    assert "&lt;script&gt;alert" in content


def test_html_in_the_edit_form_is_shown_as_text(
    login, applicant, make_questionnaire, applicant_organisation
):
    draft = make_questionnaire(applicant_organisation, title=EVIL)
    content = (
        login(applicant)
        .get(reverse("practices:edit", args=[draft.pk, "practice"]))
        .content.decode()
    )
    assert "<script>alert" not in content


def test_an_absurdly_long_answer_is_refused_beside_its_field_and_kept(
    login, applicant, make_questionnaire, applicant_organisation
):
    draft = make_questionnaire(applicant_organisation, complete=False)
    huge = "слово " * 20_000
    response = login(applicant).post(
        reverse("practices:edit", args=[draft.pk, "description"]),
        {"version": draft.version, "problem": huge, "goals": "Короткие цели"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert f"не более {LONG_TEXT}" in content.replace("\xa0", " ")
    assert huge.strip()[:200] in content
    draft.refresh_from_db()
    assert draft.problem == ""
    assert draft.goals == "Короткие цели"


def test_an_empty_post_changes_nothing(login, applicant, draft_a):
    before = draft_a.title
    response = login(applicant).post(
        reverse("practices:edit", args=[draft_a.pk, "practice"]), {"version": draft_a.version}
    )
    # Saved (nothing to save) and back on the same section, which still shows the title.
    assert response.status_code == 302
    assert response["Location"] == reverse("practices:edit", args=[draft_a.pk, "practice"])
    draft_a.refresh_from_db()
    assert draft_a.title == before
    assert before in login(applicant).get(response["Location"]).content.decode()


def test_a_missing_version_is_refused_with_a_message(login, applicant, draft_a):
    response = login(applicant).post(
        reverse("practices:edit", args=[draft_a.pk, "practice"]), {"title": "Без версии"}
    )
    assert response.status_code == 409
    assert "Форма устарела" in response.content.decode()


def test_a_file_that_is_not_what_it_claims_is_refused(login, applicant, draft_a):
    fake = SimpleUploadedFile("photo.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")
    response = login(applicant).post(
        reverse("practices:attachment-add", args=[draft_a.pk]), {"file": fake}
    )
    assert response.status_code == 400
    assert "HTML-страница" in response.content.decode()
    assert Attachment.objects.count() == 0


def test_a_photo_is_re_encoded_and_gets_a_thumbnail(login, applicant, draft_a):
    photo = SimpleUploadedFile("../../etc/фото.jpg", jpeg_bytes((1200, 800)), "image/jpeg")
    login(applicant).post(
        reverse("practices:attachment-add", args=[draft_a.pk]),
        {"file": photo, "caption": "Праздник"},
    )
    attachment = Attachment.objects.get()
    assert attachment.kind == "photo"
    assert attachment.display_name == "фото.jpg"
    assert attachment.thumbnail
    assert "etc" not in attachment.file.name


def test_a_pdf_becomes_a_document(login, applicant, draft_a):
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\nstartxref\n0\n%%EOF\n"
    login(applicant).post(
        reverse("practices:attachment-add", args=[draft_a.pk]),
        {"file": SimpleUploadedFile("отчёт.pdf", pdf, "application/pdf")},
    )
    assert Attachment.objects.get().kind == "document"


def test_uploading_to_a_submitted_questionnaire_is_refused(login, applicant, submitted_a):
    photo = SimpleUploadedFile("фото.jpg", jpeg_bytes(), "image/jpeg")
    response = login(applicant).post(
        reverse("practices:attachment-add", args=[submitted_a.pk]), {"file": photo}
    )
    assert response.status_code == 403
    assert Attachment.objects.count() == 0


def test_media_links_must_be_web_addresses(
    login, applicant, make_questionnaire, applicant_organisation
):
    draft = make_questionnaire(applicant_organisation, complete=False)
    response = login(applicant).post(
        reverse("practices:edit", args=[draft.pk, "results"]),
        {"version": draft.version, "media_links": "javascript:alert(1)\nhttps://ok.example/"},
    )
    assert "Это не адреса страниц" in response.content.decode()
    draft.refresh_from_db()
    assert draft.media_links == ""


def test_submit_after_the_deadline_via_the_page_says_it_is_closed(
    login, applicant, draft_a, closed_step1
):
    response = login(applicant).post(reverse("practices:submit", args=[draft_a.pk]), follow=True)
    draft_a.refresh_from_db()
    assert draft_a.state == "draft"
    assert "Приём анкет закрыт" in response.content.decode()


def test_return_without_a_message_shows_the_error_beside_the_field(login, regional_a, submitted_a):
    response = login(regional_a).post(
        reverse("practices:review", args=[submitted_a.pk]), {"action": "return", "message": ""}
    )
    assert response.status_code == 400
    assert "Напишите, что нужно исправить" in response.content.decode()
    submitted_a.refresh_from_db()
    assert submitted_a.state == "submitted"


def test_a_too_large_number_is_an_error_beside_the_field_not_a_500(
    applicant, login, make_questionnaire, applicant_organisation
):
    from django.urls import reverse

    questionnaire = make_questionnaire(applicant_organisation, complete=False)
    client = login(applicant)
    for name in ("edit", "autosave"):
        response = client.post(
            reverse(f"practices:{name}", args=[questionnaire.pk, "description"]),
            {"people_reached": "100000001", "version": questionnaire.version},
        )
        assert response.status_code == 200
        assert "100" in response.content.decode()
        questionnaire.refresh_from_db()
    assert questionnaire.people_reached is None
