# ruff: noqa: F811 -- the fixtures imported from tests.kernel.files.models are parameters here
"""Where checked files go, how a failed transaction cleans up, the orphan sweep and serving."""

from __future__ import annotations

import datetime
import os
import time
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django import forms
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import transaction

from resursnaya_sreda.kernel.uploads import (
    IMAGES,
    PortalFileField,
    PortalImageField,
    StoredFileField,
    atomic_with_files,
    check_upload,
    delete_on_commit,
)
from resursnaya_sreda.kernel.uploads.sweep import sweep_orphan_files, walk
from tests.kernel import files
from tests.kernel.files.models import attachment_model, django_db_setup  # noqa: F401

pytestmark = pytest.mark.django_db


def checked(name: str, data: bytes, kinds=None):
    from resursnaya_sreda.kernel.uploads import ANY_DOCUMENT

    return check_upload(files.upload(name, data), kinds=kinds or ANY_DOCUMENT)


def make_attachment(model, *, owner: str = "owner@test.example", name="Анкета.pdf", data=None):
    attachment = model(owner_email=owner)
    attachment.attach(checked(name, data or files.pdf()))
    attachment.full_clean()
    attachment.save()
    return attachment


def on_object_storage() -> bool:
    return bool(os.environ.get("STORAGE_URL"))


#: The sweep's age tests set a file's modification time back; S3 keeps its own.
needs_file_times = pytest.mark.skipif(
    bool(os.environ.get("STORAGE_URL")),
    reason="sets file modification times, which an S3 store does not let a client change",
)


def age(storage_alias: str, name: str, hours: float) -> None:
    path = storages[storage_alias].path(name)
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


# --- Storage and names --------------------------------------------------------------------
def test_a_private_file_is_stored_under_a_random_name_outside_the_public_tree(
    attachment_model, settings
):
    attachment = make_attachment(attachment_model, name="../../etc/Анкета.pdf")
    assert attachment.display_name == "Анкета.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(files.pdf())
    assert "Анкета" not in attachment.file.name
    assert attachment.file.name.startswith("tests/attachments/")
    assert storages["private"].exists(attachment.file.name)
    assert not storages["default"].exists(attachment.file.name)


def test_a_private_file_url_is_the_checked_download_url(attachment_model):
    attachment = make_attachment(attachment_model)
    assert attachment.file.url == f"/files/test-attachment/{attachment.pk}/"


def test_an_image_attachment_stores_its_thumbnail_privately_too(attachment_model, settings):
    attachment = make_attachment(attachment_model, name="фото.jpg", data=files.jpeg((1200, 800)))
    assert attachment.is_image
    assert attachment.thumbnail.name.startswith("attachments/thumbnails/")
    assert storages["private"].exists(attachment.thumbnail.name)
    assert attachment.thumbnail.url == f"/files/test-attachment/{attachment.pk}/thumbnail/"


def test_a_public_field_writes_to_the_public_tree_with_a_media_url(settings):
    from resursnaya_sreda.public.models import NewsItem

    field = NewsItem._meta.get_field("cover")
    assert not field.private
    name = field.storage.save("news/covers/x.jpg", ContentFile(files.jpeg()))
    assert storages["default"].exists(name)
    assert not storages["private"].exists(name)
    if on_object_storage():
        assert field.storage.url(name).endswith(f"/public/{name}")
    else:
        assert field.storage.url(name).startswith("/media/news/covers/")


def test_a_model_form_gets_a_checking_form_field():
    from resursnaya_sreda.public.models import NewsItem

    form_field = NewsItem._meta.get_field("cover").formfield()
    assert isinstance(form_field, PortalImageField)
    assert form_field.kinds == IMAGES
    generic = StoredFileField(kinds=["pdf"], max_size=1024).formfield()
    assert type(generic) is PortalFileField
    assert generic.max_size == 1024


def test_the_field_deconstructs_to_plain_values_for_migrations():
    field = StoredFileField("скан", private=True, upload_to="events/scans", kinds=["pdf", "jpeg"])
    name, path, args, kwargs = field.deconstruct()
    assert path == "resursnaya_sreda.kernel.uploads.fields.StoredFileField"
    assert kwargs == {
        "verbose_name": "скан",
        "upload_to": "events/scans",
        "private": True,
        "kinds": ["pdf", "jpeg"],
    }
    rebuilt = StoredFileField(*args, **kwargs)
    assert rebuilt.deconstruct()[3] == kwargs


# --- Rollback cleanup ---------------------------------------------------------------------
def test_a_failed_block_deletes_the_files_it_wrote(attachment_model):
    storage = storages["private"]
    written = []
    with pytest.raises(RuntimeError), atomic_with_files():
        attachment = make_attachment(attachment_model)
        written.append(attachment.file.name)
        assert storage.exists(attachment.file.name)
        raise RuntimeError("the next step failed")
    assert written and not storage.exists(written[0])
    assert not attachment_model.objects.exists()


def test_a_failed_block_also_deletes_the_thumbnail(attachment_model):
    storage = storages["private"]
    names = []
    with pytest.raises(RuntimeError), atomic_with_files():
        attachment = make_attachment(attachment_model, name="фото.png", data=files.png())
        names = [attachment.file.name, attachment.thumbnail.name]
        raise RuntimeError
    assert all(not storage.exists(name) for name in names)


def test_a_successful_block_keeps_its_files(attachment_model):
    with atomic_with_files():
        attachment = make_attachment(attachment_model)
    assert storages["private"].exists(attachment.file.name)


def test_files_of_a_nested_block_go_when_the_outer_block_fails(attachment_model):
    names = []
    with pytest.raises(ValueError), atomic_with_files():
        with atomic_with_files():
            names.append(make_attachment(attachment_model).file.name)
        raise ValueError
    assert not storages["private"].exists(names[0])


def test_a_news_service_whose_save_fails_removes_the_written_cover(
    programme, settings, monkeypatch
):
    from resursnaya_sreda.public import services
    from resursnaya_sreda.public.models import NewsItem

    original_save = NewsItem.save

    def save_then_fail(self, *args, **kwargs):
        original_save(self, *args, **kwargs)  # the files are written by now
        raise RuntimeError("database went away")

    monkeypatch.setattr(NewsItem, "save", save_then_fail)
    cover = checked("обложка.jpg", files.jpeg(), kinds=IMAGES)
    with pytest.raises(RuntimeError):
        services.news_create(
            author=None,
            programme=programme,
            pilot_site=None,
            kind="news",
            title="Новость",
            body="Текст",
            cover=cover,
        )
    if not on_object_storage():
        assert Path(settings.PUBLIC_MEDIA_ROOT).exists()  # something was written…
    assert list(walk(storages["default"])) == []  # …and removed again
    assert not NewsItem.objects.exists()


def test_delete_on_commit_waits_for_the_commit(
    attachment_model, django_capture_on_commit_callbacks
):
    attachment = make_attachment(attachment_model)
    storage, name = storages["private"], attachment.file.name
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            delete_on_commit(attachment.file)
            assert storage.exists(name)
    assert len(callbacks) == 1
    assert not storage.exists(name)


# --- The orphan sweep ---------------------------------------------------------------------
@needs_file_times
def test_the_sweep_removes_old_unreferenced_files_only(attachment_model):
    private, public = storages["private"], storages["default"]
    kept = make_attachment(attachment_model)
    age("private", kept.file.name, 5)
    old_private = private.save("tests/attachments/2020/01/01/orphan.pdf", ContentFile(b"%PDF-"))
    age("private", old_private, 2)
    young_private = private.save("tests/attachments/young.pdf", ContentFile(b"%PDF-"))
    old_public = public.save("news/covers/2020/01/01/orphan.jpg", ContentFile(b"x"))
    age("default", old_public, 3)

    reports = {report.alias: report for report in sweep_orphan_files()}

    assert private.exists(kept.file.name)
    assert not private.exists(old_private)
    assert private.exists(young_private)
    assert not public.exists(old_public)
    assert reports["private"].found == 3
    assert reports["private"].referenced == 1
    assert reports["private"].too_recent == 1
    assert reports["private"].deleted == 1
    assert reports["default"].deleted == 1


@needs_file_times
def test_the_sweep_keeps_files_referenced_by_news(programme):
    from resursnaya_sreda.public import services

    item = services.news_create(
        author=None,
        programme=programme,
        pilot_site=None,
        kind="news",
        title="С обложкой",
        body="Текст",
        cover=checked("c.jpg", files.jpeg(), kinds=IMAGES),
    )
    age("default", item.cover.name, 2)
    age("default", item.cover_thumbnail.name, 2)
    sweep_orphan_files()
    assert storages["default"].exists(item.cover.name)
    assert storages["default"].exists(item.cover_thumbnail.name)


@needs_file_times
def test_the_sweep_dry_run_deletes_nothing_and_the_command_prints_counts():
    private = storages["private"]
    orphan = private.save("old/orphan.pdf", ContentFile(b"%PDF-"))
    age("private", orphan, 2)
    out = StringIO()
    call_command("sweep_orphan_files", "--dry-run", stdout=out)
    assert private.exists(orphan)
    assert "Закрытое хранилище: файлов 1, используются 0, моложе 60 мин. 0, будет удалено 1." in (
        out.getvalue()
    )
    assert f"лишний: {orphan}" in out.getvalue()

    out = StringIO()
    call_command("sweep_orphan_files", stdout=out)
    assert not private.exists(orphan)
    assert "Закрытое хранилище: файлов 1, используются 0, моложе 60 мин. 0, удалено 1." in (
        out.getvalue()
    )


def test_the_sweep_min_age_can_be_shortened():
    private = storages["private"]
    orphan = private.save("old/fresh.pdf", ContentFile(b"%PDF-"))
    call_command("sweep_orphan_files", "--min-age-minutes", "0", stdout=StringIO())
    assert not private.exists(orphan)


def test_the_sweep_copes_with_storages_never_written_to():
    reports = sweep_orphan_files(min_age=datetime.timedelta(0))
    assert [report.found for report in reports] == [0, 0]


# --- Serving private files ----------------------------------------------------------------
@pytest.fixture
def owner(db):
    from tests.factories import UserFactory

    return UserFactory(email="owner@test.example")


def test_the_owner_downloads_the_file_as_an_attachment_with_safe_headers(
    attachment_model, owner, login
):
    data = files.pdf()  # made once: Pillow writes the current second into each PDF
    attachment = make_attachment(attachment_model, name="Анкета «Дружба».pdf", data=data)
    response = login(owner).get(attachment.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert quote("Анкета «Дружба».pdf") in disposition
    assert b"".join(response.streaming_content) == data


def test_someone_else_gets_404_for_a_private_file(attachment_model, applicant, login):
    attachment = make_attachment(attachment_model)
    assert login(applicant).get(attachment.file.url).status_code == 404


def test_an_anonymous_visitor_gets_404_for_a_private_file(attachment_model, client):
    attachment = make_attachment(attachment_model)
    assert client.get(attachment.file.url).status_code == 404


def test_an_unknown_key_is_404(client):
    assert client.get("/files/nothing-here/1/").status_code == 404


def test_a_private_file_is_not_reachable_under_media(attachment_model, owner, login):
    attachment = make_attachment(attachment_model)
    assert login(owner).get(f"/media/{attachment.file.name}").status_code == 404


def test_the_thumbnail_is_served_inline_to_the_owner(attachment_model, owner, login):
    attachment = make_attachment(attachment_model, name="фото.jpg", data=files.jpeg((900, 600)))
    response = login(owner).get(attachment.thumbnail.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_form_with_a_portal_field_reports_a_bad_file_and_keeps_the_other_fields():
    class ScanForm(forms.Form):
        title = forms.CharField()
        scan = PortalFileField(kinds=["pdf"])

    form = ScanForm(
        data={"title": "Регистрационный лист"},
        files={"scan": files.upload("лист.pdf", files.HTML)},
    )
    assert not form.is_valid()
    assert form.errors["scan"] == [
        "Файл не похож на документ PDF: по содержимому это HTML-страница."
    ]
    assert form["title"].value() == "Регистрационный лист"


@needs_file_times
def test_the_daily_sweep_task_removes_old_orphans_and_counts_them():
    from resursnaya_sreda.kernel.tasks import sweep_orphan_files_task

    private = storages["private"]
    orphan = private.save("old/orphan.pdf", ContentFile(b"%PDF-"))
    age("private", orphan, 2)
    young = private.save("old/young.pdf", ContentFile(b"%PDF-"))

    assert sweep_orphan_files_task.delay().get() == 1
    assert not private.exists(orphan)
    assert private.exists(young)
