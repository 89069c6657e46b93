"""/collection/: the public reading room, the editor's pages and the organisations' approval."""

from django.urls import path

from contest.views import collection

app_name = "collection"

urlpatterns = [
    path("", collection.index, name="index"),
    path("editions/<int:pk>/", collection.edition, name="edition"),
    path("editions/<int:pk>/pdf/", collection.pdf, name="pdf"),
    path(
        "editions/<int:edition_pk>/practices/<int:questionnaire_pk>/",
        collection.chapter,
        name="chapter",
    ),
    path("images/<int:pk>/", collection.image, name="image"),
    path("editor/", collection.editor, name="editor"),
    path("editor/<int:pk>/", collection.edition_manage, name="edition-manage"),
    path(
        "editor/<int:pk>/practices/",
        collection.EditionPracticeChoices.as_view(),
        name="edition-practice-choices",
    ),
    path("editor/<int:pk>/build/", collection.build_status, name="build-status"),
    path("editor/chapters/<int:pk>/", collection.chapter_edit, name="chapter-edit"),
    path("chapters/<int:pk>/", collection.chapter_review, name="chapter-review"),
]
