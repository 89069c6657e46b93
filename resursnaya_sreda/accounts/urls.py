from django.urls import path

from resursnaya_sreda.accounts import views
from resursnaya_sreda.accounts.views import passkeys, security

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("login/code/", security.login_verify, name="login-verify"),
    path("security/", security.security, name="security"),
    path("security/app/", security.factor_enrol, name="factor-enrol"),
    path("security/recovery-codes/", security.factor_recovery_codes, name="factor-recovery-codes"),
    path("security/sessions/end/", security.sessions_end_others, name="sessions-end-others"),
    path("login/passkey/begin/", passkeys.Begin.as_view(), name="passkey-begin"),
    path("login/passkey/complete/", passkeys.Complete.as_view(), name="passkey-complete"),
    path("register/", views.register, name="register"),
    path("register/done/", views.register_done, name="register-done"),
    path("register/resend/", views.confirm_email_resend, name="confirm-email-resend"),
    path("confirm/<str:token>/", views.confirm_email, name="confirm-email"),
    path("consent/", views.consent, name="consent"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "password-reset/sent/",
        views.PasswordResetDoneView.as_view(),
        name="password-reset-done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/complete/",
        views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("profile/", views.profile, name="profile"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("cabinet/", views.cabinet_view, name="cabinet"),
    path("invitations/", views.invitation_list, name="invitation-list"),
    path("invitations/new/", views.invitation_create, name="invitation-create"),
    path("invitations/<int:pk>/resend/", views.invitation_resend, name="invitation-resend"),
    path("invitations/<int:pk>/cancel/", views.invitation_cancel, name="invitation-cancel"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/new/", views.organisation_create, name="organisation-create"),
    path("organisations/<int:pk>/", views.organisation_update, name="organisation-update"),
]
