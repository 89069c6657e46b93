from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.public_list, name="public-list"),
    path("calendar.ics", views.calendar_feed, name="calendar"),
    path("<int:pk>/", views.public_detail, name="public-detail"),
    path("<int:pk>/event.ics", views.event_ics, name="event-ics"),
    path("<int:pk>/feedback/", views.feedback_entry, name="feedback-entry"),
    path("feedback/<str:token>/", views.feedback, name="feedback"),
    path(
        "registration/<str:token>/cancel/",
        views.registration_cancel,
        name="registration-cancel",
    ),
    path("manage/", views.staff_list, name="staff-list"),
    path("manage/programme-feedback/", views.programme_feedback, name="programme-feedback"),
    path("manage/new/", views.create, name="create"),
    path(
        "manage/choices/practices/",
        views.SeminarPracticeChoices.as_view(),
        name="practice-choices",
    ),
    path("manage/<int:pk>/", views.staff_detail, name="staff-detail"),
    path("manage/<int:pk>/edit/", views.edit, name="edit"),
    path("manage/<int:pk>/announce/", views.announce, name="announce"),
    path("manage/<int:pk>/held/", views.mark_held, name="mark-held"),
    path("manage/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("manage/<int:pk>/walk-ins/", views.walk_in, name="walk-in"),
    path("manage/<int:pk>/scans/", views.scan_add, name="scan-add"),
    path("manage/<int:pk>/photos/", views.photo_add, name="photo-add"),
    path("manage/<int:pk>/report/", views.report, name="report"),
    path("manage/<int:pk>/review/", views.review, name="review"),
    path("manage/<int:pk>/minimum/", views.minimum, name="minimum"),
    path("manage/<int:pk>/platform/", views.platform_evidence, name="platform-evidence"),
    path("manage/<int:pk>/results/", views.results, name="results"),
    path("manage/<int:pk>/feedback/send/", views.feedback_send, name="feedback-send"),
    path("manage/<int:pk>/import/", views.import_list, name="import"),
]
