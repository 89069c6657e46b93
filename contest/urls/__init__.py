from django.urls import path

from contest.views import entries, staff

app_name = "contest"

urlpatterns = [
    path("", entries.entry_list, name="entries"),
    path("start/", entries.start, name="start"),
    path("readiness/", staff.readiness, name="readiness"),
    path("entries/<int:pk>/", entries.entry, name="entry"),
    path("entries/<int:pk>/edit/", entries.edit, name="edit"),
    path("entries/<int:pk>/autosave/", entries.autosave, name="autosave"),
    path("entries/<int:pk>/submit/", entries.submit, name="submit"),
    path(
        "entries/<int:pk>/files/<int:requirement_pk>/",
        entries.attachment_upload,
        name="file-upload",
    ),
    path(
        "entries/<int:pk>/files/<int:requirement_pk>/delete/",
        entries.attachment_delete,
        name="file-delete",
    ),
    path("entries/<int:pk>/checklist/", staff.check_item, name="check-item"),
    path("entries/<int:pk>/comments/", staff.comment_add, name="comment-add"),
    path("comments/<int:pk>/resolve/", staff.comment_resolve, name="comment-resolve"),
    path("entries/<int:pk>/return/", staff.return_entry, name="return"),
    path("entries/<int:pk>/checked/", staff.mark_checked, name="checked"),
    path("entries/<int:pk>/sent/", staff.mark_sent, name="sent"),
    path("entries/<int:pk>/result/", staff.record_result, name="result"),
    path("entries/<int:pk>/package/", staff.entry_package, name="entry-package"),
    path("sites/<int:site_pk>/package/", staff.site_package, name="site-package"),
    path("packages/<int:pk>/", staff.package_status, name="package"),
    path("packages/<int:pk>/download/", staff.package_download, name="package-download"),
]
