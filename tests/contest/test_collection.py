"""The methodological collection: drafting, approvals, publication, the book and its render."""

from __future__ import annotations

import io
import re
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from contest import book, services
from contest.documents import CollectionPdf
from contest.models import ChapterState, CollectionAction, Consent, EditionState, PageSize
from practices.models import Attachment, AttachmentKind, Decision, Outcome, SupportEntry
from reports import parallel
from reports.engine.pdf import render_pdf
from reports.engine.sections import render_sectioned
from resursnaya_sreda.kernel.uploads import IMAGES, PortalImageField
from tests.contest.conftest import selected_practice

pytestmark = pytest.mark.django_db

DIRECTIONS = ("Межнациональный диалог", "Традиционная культура народов России")


def photo(questionnaire, caption, color=(30, 90, 160)):
    buffer = io.BytesIO()
    Image.new("RGB", (2400, 1600), color).save(buffer, "JPEG")
    upload = PortalImageField(kinds=IMAGES).check(
        SimpleUploadedFile(f"{caption}.jpg", buffer.getvalue(), "image/jpeg")
    )
    attachment = Attachment(questionnaire=questionnaire, kind=AttachmentKind.PHOTO, caption=caption)
    attachment.attach(upload)
    attachment.save()
    return attachment


@pytest.fixture
def best_practices(programme, site_a, site_b, applicant_organisation, organisation_b, federal):
    """Four best practices in two regions and two directions, each with two photos."""
    from practices.models import Direction

    practices = []
    for n in range(4):
        organisation = applicant_organisation if n % 2 == 0 else organisation_b
        site = site_a if n % 2 == 0 else site_b
        questionnaire = selected_practice(
            programme,
            site,
            organisation,
            title=f"Практика номер {n + 1}",
            problem="Проблема практики. " * (20 + n * 10),
            results_quantitative=f"{n + 3} фестиваля, {100 * (n + 1)} участников.",
        )
        questionnaire.direction = Direction.objects.get_or_create(name=DIRECTIONS[n % 2])[0]
        questionnaire.save()
        Decision.objects.update_or_create(
            questionnaire=questionnaire, defaults={"outcome": Outcome.BEST, "reason": "ok"}
        )
        photo(questionnaire, f"Встреча {n + 1}")
        photo(questionnaire, f"Люди крупным планом {n + 1}", (160, 60, 30))
        practices.append(questionnaire)
    return practices


@pytest.fixture
def edition(federal, programme, best_practices):
    edition = services.edition_create(
        by=federal,
        programme=programme,
        foreword="Предисловие сборника.",
        how_to_use="Главы сгруппированы по направлениям.",
    )
    for questionnaire in best_practices:
        services.chapter_add(edition=edition, questionnaire=questionnaire, by=federal)
    return edition


def approve_all(edition, federal, applicant, applicant_b, *, first_photo_only=True):
    for chapter in edition.chapters.select_related("questionnaire"):
        services.chapter_send(chapter=chapter, by=federal)
        chapter.refresh_from_db()
        who = applicant if chapter.questionnaire.organisation.region.code == "16" else applicant_b
        consents = {
            p.pk: (Consent.YES if n == 0 or not first_photo_only else Consent.NO)
            for n, p in enumerate(chapter.photos.order_by("position"))
        }
        services.chapter_approve(chapter=chapter, by=who, contact_agreed=True, consents=consents)


@pytest.fixture
def published(edition, federal, applicant, applicant_b, django_capture_on_commit_callbacks):
    approve_all(edition, federal, applicant, applicant_b)
    services.edition_approve(edition=edition, by=federal)
    with django_capture_on_commit_callbacks(execute=True):
        services.edition_publish(edition=edition, by=federal)
    edition.refresh_from_db()
    return edition


def test_a_chapter_is_drafted_from_the_practices_records(
    edition, best_practices, site_a, regional_a
):
    questionnaire = best_practices[0]
    SupportEntry.objects.create(
        practice=questionnaire.pilot_practices.first(),
        date=timezone.localdate(),
        kind="methodological",
        text="Разобрали заявку на конкурс.",
        author=regional_a,
    )
    chapter = edition.chapters.get(questionnaire=questionnaire)
    chapter = services.chapter_redraft(chapter=chapter, by=edition.editor)
    assert chapter.title == questionnaire.title
    assert chapter.problem == questionnaire.problem
    assert f"Охват: {questionnaire.people_reached} человек." in chapter.results
    assert questionnaire.results_quantitative in chapter.results
    assert "Разобрали заявку на конкурс." in chapter.actions
    assert questionnaire.replication == chapter.replication
    assert chapter.region_name == "Республика Татарстан"
    assert chapter.photos.count() == 2
    assert chapter.history.filter(action=CollectionAction.DRAFT).exists()


def test_photos_are_downsampled_for_print(edition):
    asset = edition.assets.first()
    assert max(asset.width, asset.height) == book.PRINT_SIDE
    with asset.file.open("rb") as handle:
        assert Image.open(handle).format == "JPEG"


def test_a_practice_without_a_result_or_a_decision_is_not_a_chapter(
    edition, federal, programme, site_a, applicant_organisation
):
    from tests.practices.conftest import QuestionnaireFactory, fill

    plain = QuestionnaireFactory(programme=programme, organisation=applicant_organisation)
    fill(plain, title="Просто практика")
    with pytest.raises(services.ContestError, match="итогом конкурса, лучшие практики"):
        services.chapter_add(edition=edition, questionnaire=plain, by=federal)


def test_the_award_comes_from_the_contest_result(edition, federal, checked_entry, practice_a):
    entry = services.entry_mark_sent(
        entry=checked_entry, by=federal, sent_on=timezone.localdate(), organiser_number="1"
    )
    services.entry_record_result(entry=entry, by=federal, result="prize_winner", place=2)
    chapter = services.chapter_add(edition=edition, questionnaire=practice_a, by=federal)
    assert chapter.award.startswith("Призёр, 2 место — III Всероссийский конкурс")
    assert "специальная номинация" in chapter.award


def test_a_photo_without_consent_is_left_out_and_the_editor_is_told(
    edition, federal, applicant, applicant_b, login
):
    approve_all(edition, federal, applicant, applicant_b)
    chapter = edition.chapters.first()
    content = book.edition_content(edition)
    first = next(c for c in content["chapters"] if c["anchor"] == chapter.anchor)
    assert len(first["photos"]) == 1 and first["left_out_photos"] == 1
    message = chapter.history.get(action=CollectionAction.APPROVE_CHAPTER).message
    assert message == "Без согласия изображённых не войдут фотографий: 1."
    page = login(federal).get(reverse("collection:chapter-edit", args=[chapter.pk]))
    assert "не войдёт" in page.content.decode()


def test_only_the_organisation_approves_its_chapter(edition, federal, applicant_b, applicant):
    chapter = edition.chapters.filter(questionnaire__organisation__region__code="16").first()
    services.chapter_send(chapter=chapter, by=federal)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.chapter_approve(chapter=chapter, by=applicant_b, contact_agreed=True)
    with pytest.raises(PermissionDenied):
        services.chapter_approve(chapter=chapter, by=federal, contact_agreed=True)
    services.chapter_request_changes(chapter=chapter, by=applicant, message="Уточните цифры.")
    chapter.refresh_from_db()
    assert chapter.state == ChapterState.CHANGES_REQUESTED


def test_the_editor_approves_the_whole_only_when_every_chapter_is_approved(
    edition, federal, applicant, applicant_b
):
    with pytest.raises(services.ContestError, match="Не согласованы организациями главы"):
        services.edition_approve(edition=edition, by=federal)
    approve_all(edition, federal, applicant, applicant_b)
    assert services.edition_approve(edition=edition, by=federal).state == EditionState.APPROVED


def _printed_number(page):
    return page.extract_text().strip().splitlines()[-1].strip()


def _page_of(reader, title):
    for index, page in enumerate(reader.pages):
        lines = [line.strip() for line in page.extract_text().splitlines()]
        if title in lines[:4]:
            return index + 1
    raise AssertionError(f"{title} not found")


def test_publishing_freezes_the_content_and_stores_the_pdf(published, federal):
    assert published.state == EditionState.PUBLISHED
    assert published.build_state == "done", published.build_error
    chapter = published.chapters.first()
    chapter.title = "Изменено после публикации"
    chapter.save()
    assert all(c["title"] != "Изменено после публикации" for c in published.frozen["chapters"])
    with published.pdf.open("rb") as handle:
        reader = PdfReader(handle)
        assert len(reader.pages) == published.pdf_pages


def test_the_contents_page_numbers_match_the_joined_pdf(published):
    with published.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    contents = next(
        page.extract_text() for page in reader.pages if "Содержание" in page.extract_text()
    )
    front = next(
        i for i, page in enumerate(reader.pages) if page.extract_text().startswith("Предисловие")
    )
    checked = 0
    for chapter in published.frozen["chapters"]:
        match = re.search(re.escape(chapter["title"]) + r"[ .]*?(\d+)\s*$", contents, re.M)
        assert match, chapter["title"]
        printed = int(match.group(1))
        # The title page and the contents are unnumbered: «1» is the first page of the text.
        assert _page_of(reader, chapter["title"]) == printed + front
        assert _printed_number(reader.pages[printed + front - 1]) == str(printed)
        checked += 1
    assert checked == 4
    # The index at the end cites the same pages, and is itself where the contents says.
    index_page = int(re.search(r"Указатель регионов и направлений[ .]*?(\d+)", contents).group(1))
    assert "Указатель регионов и направлений" in reader.pages[front + index_page - 1].extract_text()


def test_the_pdf_has_bookmarks_for_groups_and_chapters(published):
    with published.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    outline = reader.outline
    top = [item.title for item in outline if not isinstance(item, list)]
    assert top[:3] == ["Содержание", "Предисловие", "Как пользоваться сборником"]
    assert set(DIRECTIONS) <= set(top)
    assert top[-1] == "Указатель регионов и направлений"
    chapters = [item.title for group in outline if isinstance(group, list) for item in group]
    assert sorted(chapters) == sorted(c["title"] for c in published.frozen["chapters"])


def test_a_published_edition_rebuilds_to_identical_bytes(published):
    rebuilt = services.edition_rebuild(edition_id=published.pk)
    assert rebuilt.rebuild_identical is True
    assert rebuilt.history.filter(action=CollectionAction.REBUILD).get().message == (
        "Совпадает с опубликованным PDF."
    )


def test_the_page_size_follows_the_edition(edition, federal):
    edition.page_size = PageSize.A4
    edition.save()
    out = io.BytesIO()
    render_sectioned(CollectionPdf({"edition": edition}), out)
    box = PdfReader(io.BytesIO(out.getvalue())).pages[3].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def _texts(data: bytes) -> list[list[str]]:
    return [
        sorted(word for word in re.split(r"\s+", page.extract_text()) if word.strip(". "))
        for page in PdfReader(io.BytesIO(data)).pages
    ]


def test_the_parallel_render_reads_as_the_single_weasyprint_render(published):
    document = CollectionPdf({"edition": published})

    def dispatch(run, index):  # a second worker takes every other section
        if index % 2:
            threading.Thread(target=parallel.claim_and_render, args=(run, index)).start()

    pooled = io.BytesIO()
    render_sectioned(document, pooled, executor=parallel.WorkerPoolExecutor(dispatch=dispatch))
    single = io.BytesIO()
    render_pdf(document.get_single_html(), single)
    parallel_pages, single_pages = _texts(pooled.getvalue()), _texts(single.getvalue())
    assert len(parallel_pages) == len(single_pages)
    assert parallel_pages == single_pages


def test_the_collection_is_readable_chapter_by_chapter(client, published):
    index = client.get(reverse("collection:index")).content.decode()
    chapter = published.frozen["chapters"][0]
    url = reverse("collection:chapter", args=[published.pk, chapter["questionnaire"]])
    assert url in index
    page = client.get(url).content.decode()
    assert chapter["title"] in page and "Предисловие" not in page
    assert page.count(reverse("collection:image", args=[chapter["photos"][0]["asset_id"]])) == 1
    assert client.get(reverse("collection:pdf", args=[published.pk])).status_code == 200


def test_a_photo_left_out_is_not_served_from_a_published_edition_page(client, published):
    left_out = published.chapters.first().photos.get(consent=Consent.NO)
    page = client.get(reverse("collection:index")).content.decode()
    assert reverse("collection:image", args=[left_out.asset_id]) not in page


def test_a_draft_edition_is_not_public(client, edition):
    assert client.get(reverse("collection:edition", args=[edition.pk])).status_code == 404
    asset = edition.assets.first()
    assert client.get(reverse("collection:image", args=[asset.pk])).status_code == 404
