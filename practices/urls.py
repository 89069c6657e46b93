from django.urls import path

from practices.views import catalogue, pilot_sites, questionnaires, review, thread

app_name = "practices"

urlpatterns = [
    # The public catalogue.
    path("", catalogue.practice_list, name="catalogue"),
    path("<int:pk>/", catalogue.practice_detail, name="practice"),
    path("photos/<int:pk>/", catalogue.photo, name="photo"),
    # Step 1: questionnaires.
    path("apply/", questionnaires.apply, name="apply"),
    path("my/", questionnaires.my_list, name="my-list"),
    path("new/", questionnaires.create, name="create"),
    path("review/", review.review_list, name="review-list"),
    path("questionnaires/<int:pk>/", review.detail, name="detail"),
    path("questionnaires/<int:pk>/edit/<slug:section>/", questionnaires.edit, name="edit"),
    path(
        "questionnaires/<int:pk>/autosave/<slug:section>/",
        questionnaires.autosave,
        name="autosave",
    ),
    path(
        "questionnaires/<int:pk>/attachments/",
        questionnaires.attachment_add,
        name="attachment-add",
    ),
    path(
        "questionnaires/<int:pk>/attachments/<int:attachment_pk>/delete/",
        questionnaires.attachment_delete,
        name="attachment-delete",
    ),
    path("questionnaires/<int:pk>/thread/", thread.practice_thread, name="thread"),
    path("questionnaires/<int:pk>/submit/", questionnaires.submit, name="submit"),
    path("questionnaires/<int:pk>/withdraw/", questionnaires.withdraw, name="withdraw"),
    path("questionnaires/<int:pk>/review/", review.review, name="review"),
    path("questionnaires/<int:pk>/comments/", review.comment_add, name="comment-add"),
    # Step 3: each pilot site's two practices and their support log.
    path("pilot-sites/", pilot_sites.pilot_site_list, name="pilot-sites"),
    path("pilot-sites/<int:pk>/", pilot_sites.pilot_site_detail, name="pilot-site"),
    path(
        "pilot-sites/<int:pk>/choices/",
        pilot_sites.ProposableChoices.as_view(),
        name="pilot-site-choices",
    ),
    path(
        "pilot-practices/<int:pk>/support/",
        pilot_sites.pilot_practice_support_add,
        name="pilot-practice-support-add",
    ),
    path(
        "pilot-practices/<int:pk>/<slug:action>/",
        pilot_sites.pilot_practice_action,
        name="pilot-practice-action",
    ),
]
