"""A private-attachment model that exists only while a test asks for it.

Declared with ``app_label = "public"`` so the sweep (which walks ``apps.get_models()``) and the
private file registry see it, and removed from the app registry after each test so nothing else
(a ``makemigrations --check`` in the same process, say) ever does. Its table is made once per
test database by ``django_db_setup`` below, outside any transaction, as SQLite requires.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.apps.registry import Apps
from django.db import connection, models
from django.http import Http404

from resursnaya_sreda.kernel import access_log
from resursnaya_sreda.kernel.uploads import ANY_DOCUMENT, StoredFile, StoredFileField, serving

TABLE = "test_uploads_attachment"
MODEL_NAME = "uploadtestattachment"


def define(registry: Apps | None = None) -> type[models.Model]:
    meta_options = {"app_label": "public", "db_table": TABLE}
    if registry is not None:
        meta_options["apps"] = registry
    meta = type("Meta", (), meta_options)
    return type(
        "UploadTestAttachment",
        (StoredFile,),
        {
            "__module__": __name__,
            "Meta": meta,
            "file": StoredFileField(
                "файл", private=True, upload_to="tests/attachments", kinds=ANY_DOCUMENT
            ),
            "owner_email": models.CharField(max_length=100, blank=True),
        },
    )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        if TABLE not in connection.introspection.table_names():
            with connection.schema_editor() as editor:
                editor.create_model(define(Apps()))


def get_attachment_for_user(user, pk):
    """The test rule: only the person named in ``owner_email`` may download."""
    model = apps.get_model("public", MODEL_NAME)
    attachment = model.objects.filter(pk=pk).first()
    if attachment is None or attachment.owner_email != getattr(user, "email", None):
        raise Http404
    return attachment


@pytest.fixture
def attachment_model(django_db_setup):
    model = define()
    serving.register_private_files(model, get_attachment_for_user, key="test-attachment")
    # Its files stand for scans and attachments: personal data, so downloads are recorded.
    access_log.register_personal_data_model(model)
    yield model
    access_log._personal_models.discard(model._meta.label_lower)
    serving._by_key.pop("test-attachment", None)
    serving._by_model.pop(model, None)
    apps.all_models["public"].pop(MODEL_NAME, None)
    apps.clear_cache()
    # The access log names the model's content type; its row went with the test's transaction.
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
