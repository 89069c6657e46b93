from django.urls import path

from practices import views, views_commission

app_name = "practices"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<int:pk>/", views.practice, name="practice"),
    path("apply/", views.apply, name="apply"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("my/", views.my_list, name="my-list"),
    path("new/", views.create, name="create"),
    path("review/", views.review_list, name="review-list"),
    path("questionnaires/<int:pk>/", views.detail, name="detail"),
    path("questionnaires/<int:pk>/edit/<slug:section>/", views.edit, name="edit"),
    path("questionnaires/<int:pk>/autosave/<slug:section>/", views.autosave, name="autosave"),
    path("questionnaires/<int:pk>/attachments/", views.attachment_add, name="attachment-add"),
    path(
        "questionnaires/<int:pk>/attachments/<int:attachment_pk>/delete/",
        views.attachment_delete,
        name="attachment-delete",
    ),
    path("questionnaires/<int:pk>/submit/", views.submit, name="submit"),
    path("questionnaires/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("questionnaires/<int:pk>/review/", views.review, name="review"),
    path("questionnaires/<int:pk>/comments/", views.comment_add, name="comment-add"),
    # Step 3: each pilot site's two practices.
    path("pilot-sites/", views_commission.pilot_overview, name="pilot-overview"),
    path("pilot-sites/<int:pk>/", views_commission.pilot_site, name="pilot-site"),
    path("pilot-practices/<int:pk>/support/", views_commission.support_add, name="support-add"),
    path(
        "pilot-practices/<int:pk>/<slug:action>/",
        views_commission.pilot_practice_action,
        name="pilot-practice-action",
    ),
]
