from django.urls import path

from letters import views

app_name = "letters"

urlpatterns = [
    path("", views.mailing_list, name="mailing-list"),
    path("new/", views.mailing_new, name="mailing-new"),
    path("mailings/<int:pk>/", views.mailing_detail, name="mailing-detail"),
    path("mailings/<int:pk>/progress/", views.mailing_progress, name="mailing-progress"),
    path("register/", views.register, name="register"),
    path("letter/<int:pk>.pdf", views.letter_pdf, name="letter-pdf"),
    path("addressees/", views.addressee_list, name="addressee-list"),
    path("addressees/new/", views.addressee_create, name="addressee-create"),
    path("addressees/import/", views.addressee_import, name="addressee-import"),
    path("addressees/choices/", views.AddresseeChoices.as_view(), name="addressee-choices"),
    path("addressees/<int:pk>/", views.addressee_edit, name="addressee-edit"),
    path("templates/", views.template_list, name="template-list"),
    path("templates/<str:kind>/", views.template_edit, name="template-edit"),
    path("letterheads/", views.letterhead_list, name="letterhead-list"),
    path("letterheads/<int:pk>/", views.letterhead_edit, name="letterhead-edit"),
    path("events/<int:event_id>/seminar-letter/", views.seminar_letter, name="seminar-letter"),
    path("events/<int:event_id>/invitations/", views.invitations, name="invitations"),
    path("letter/<int:letter_id>/reply/", views.reply_create, name="reply-create"),
    path("campaign/", views.campaign_list, name="campaign-list"),
    path("campaign/new/", views.campaign_create, name="campaign-create"),
    path("campaign/<int:pk>/delete/", views.campaign_delete, name="campaign-delete"),
]
