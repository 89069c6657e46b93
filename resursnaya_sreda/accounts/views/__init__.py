"""Pages about people. Thin: forms validate, services write, selectors read."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from resursnaya_sreda.accounts import (
    cabinet,
    factors,
    onboarding,
    permissions,
    selectors,
    services,
    tokens,
)
from resursnaya_sreda.accounts.forms import (
    InvitationAcceptForm,
    InvitationForm,
    LoginForm,
    OrganisationForm,
    PortalPasswordResetForm,
    ProfileForm,
    RegistrationForm,
    ResendConfirmationForm,
)
from resursnaya_sreda.accounts.models import InvitationState, User
from resursnaya_sreda.accounts.views import security as factor_views
from resursnaya_sreda.kernel import ratelimit
from resursnaya_sreda.kernel.consent import ACCOUNT_CONSENT_VERSION, consent_text
from resursnaya_sreda.kernel.models import ConsentPurpose

# The session remembers the address a new applicant registered with, for the «check your mail»
# page, without putting it into the URL.
_REGISTERED_EMAIL = "accounts_registered_email"
# One confirmation letter per address per this many seconds: the resend form must not become a
# way to flood someone's mailbox.
RESEND_INTERVAL_SECONDS = 120
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
INVITATIONS_PER_PAGE = 25


# --- Login, logout, password reset ------------------------------------------------------------


class LoginView(auth_views.LoginView):
    """Django's login (axes counts failures through its backend, which gets the request).

    A person with a second factor is not logged in here: the password step hands over to the
    code step (``views.factors.login_verify``). Failed logins from one address are also counted
    across accounts, so spraying one password over many accounts stops at the limit.
    """

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        wait = ratelimit.login_address_blocked(request)
        if wait:
            return ratelimit.refused(
                request, wait, message=_("С вашего адреса было слишком много неудачных входов.")
            )
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        if not getattr(self.request, "axes_locked_out", False):
            ratelimit.login_failed(self.request)
        return super().form_invalid(form)

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if factors.has_second_factor(user):
            factor_views.start_pending_login(
                self.request,
                user,
                backend=getattr(user, "backend", MODEL_BACKEND),
                next_url=self.get_success_url(),
            )
            return redirect("accounts:login-verify")
        return super().form_valid(form)


class LogoutView(auth_views.LogoutView):
    """POST only, as in Django 5."""


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, limited per client address and per recipient (``kernel.ratelimit``).

    The limits count whether or not the address has an account, so a refusal reveals nothing.
    """

    template_name = "accounts/password_reset_form.html"
    form_class = PortalPasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form: Any) -> HttpResponse:
        wait = ratelimit.mail_allowed(
            self.request, group="password-reset", recipient=form.cleaned_data["email"]
        )
        if wait:
            return ratelimit.refused(
                self.request,
                wait,
                message=_("Слишком много запросов на восстановление пароля."),
            )
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    template_name = "accounts/user_password_change.html"
    success_url = reverse_lazy("accounts:profile")
    success_message = gettext_lazy("Пароль изменён.")


# --- Registration and confirmation ------------------------------------------------------------


def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:cabinet")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        wait = ratelimit.mail_allowed(request, group="registration", recipient=data["email"])
        if wait:
            return ratelimit.refused(
                request,
                wait,
                message=_("Слишком много регистраций с вашего адреса или на этот e-mail."),
            )
        existing = User.objects.filter(email__iexact=data["email"]).first()
        if existing is not None:
            # The same answer as for a new address; the owner is told by letter.
            services.registration_existing_notify(user=existing)
            request.session[_REGISTERED_EMAIL] = data["email"]
            return redirect("accounts:register-done")
        try:
            user = services.user_register(
                email=data["email"],
                full_name=data["full_name"],
                password=data["password1"],
                phone=data["phone"],
                position=data["position"],
            )
        except ValidationError:
            # Someone registered the same address between the check and the save: the owner
            # is told, the page answers as usual.
            existing = User.objects.filter(email__iexact=data["email"]).first()
            if existing is not None:
                services.registration_existing_notify(user=existing)
            request.session[_REGISTERED_EMAIL] = data["email"]
            return redirect("accounts:register-done")
        request.session[_REGISTERED_EMAIL] = user.email
        return redirect("accounts:register-done")
    return render(request, "accounts/user_register.html", {"form": form})


def register_done(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/user_register_done.html",
        {"email": request.session.get(_REGISTERED_EMAIL), "days": settings.ACCOUNT_LINK_DAYS},
    )


_LINK_PROBLEMS: dict[type[Exception], tuple[str, str, int]] = {
    tokens.LinkInvalid: (
        gettext_lazy("Ссылка недействительна"),
        gettext_lazy(
            "Ссылка повреждена или устарела: возможно, письмо было отправлено ещё раз — тогда "
            "откройте ссылку из последнего письма."
        ),
        404,
    ),
    tokens.LinkExpired: (
        gettext_lazy("Срок действия ссылки истёк"),
        gettext_lazy("Ссылка действовала %(days)s дн. и больше не работает."),
        410,
    ),
    tokens.LinkUsed: (
        gettext_lazy("Ссылка уже использована"),
        gettext_lazy("По этой ссылке уже перешли, повторно она не действует."),
        410,
    ),
    tokens.LinkCancelled: (
        gettext_lazy("Приглашение отменено"),
        gettext_lazy("Федеральный координатор отменил это приглашение."),
        410,
    ),
}


def _link_problem(request: HttpRequest, problem: Exception, *, kind: str) -> HttpResponse:
    """A page saying exactly why a link from a letter does not work and what to do now."""
    title, text, status = _LINK_PROBLEMS[type(problem)]
    return render(
        request,
        "accounts/link_problem.html",
        {
            "title": title,
            "text": str(text) % {"days": settings.ACCOUNT_LINK_DAYS},
            "kind": kind,
            "problem": type(problem).__name__,
        },
        status=status,
    )


def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the button, POST confirms: mail scanners that open links change nothing."""
    try:
        claim = tokens.read_confirmation_token(token)
        user = User.objects.filter(pk=claim.user_id, email=claim.email).first()
        if user is None:
            raise tokens.LinkInvalid
        if user.email_confirmed_at is not None:
            raise tokens.LinkUsed
        if request.method == "POST":
            services.email_confirm(token=token)
            messages.success(
                request,
                _("Адрес %(email)s подтверждён. Войдите с паролем, указанным при регистрации.")
                % {"email": user.email},
            )
            return redirect("accounts:login")
    except (tokens.LinkInvalid, tokens.LinkExpired, tokens.LinkUsed) as problem:
        return _link_problem(request, problem, kind="confirm")
    return render(request, "accounts/user_confirm_email.html", {"confirm_user": user})


def confirm_email_resend(request: HttpRequest) -> HttpResponse:
    form = ResendConfirmationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        wait = ratelimit.mail_allowed(request, group="confirmation", recipient=email)
        if wait:
            return ratelimit.refused(request, wait, message=_("Слишком много запросов письма."))
        user = services.user_awaiting_confirmation(email)
        throttle_key = f"accounts:resend-confirmation:{email}"
        if user is not None and cache.add(throttle_key, 1, RESEND_INTERVAL_SECONDS):
            services.confirmation_send(user=user)
        # The same answer either way, so the form does not tell which addresses are registered.
        messages.info(
            request,
            _(
                "Если адрес %(email)s зарегистрирован и ещё не подтверждён, мы отправили на него "
                "новое письмо со ссылкой. Проверьте также папку «Спам»."
            )
            % {"email": email},
        )
        return redirect("accounts:login")
    return render(request, "accounts/user_confirm_email_resend.html", {"form": form})


def consent(request: HttpRequest) -> HttpResponse:
    """The account consent in force, or with ``?version=`` the wording someone agreed to."""
    version = request.GET.get("version") or ACCOUNT_CONSENT_VERSION
    text = consent_text(ConsentPurpose.ACCOUNT, version)
    if not text:
        raise Http404
    return render(request, "accounts/consent.html", {"version": version, "text": text})


# --- Profile and cabinet ----------------------------------------------------------------------


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        services.profile_update(
            user=user,
            full_name=form.cleaned_data["full_name"],
            phone=form.cleaned_data["phone"],
            position=form.cleaned_data["position"],
        )
        messages.success(request, _("Данные сохранены."))
        return redirect("accounts:profile")
    return render(request, "accounts/user_profile.html", {"form": form})


@login_required
def cabinet_view(request: HttpRequest) -> HttpResponse:
    return render(
        request, "accounts/cabinet.html", {"sections": cabinet.sections_for(request.user)}
    )


# --- Invitations ------------------------------------------------------------------------------


def _require_inviter(user: Any) -> None:
    if not permissions.can_invite(user):
        raise PermissionDenied


@login_required
def invitation_list(request: HttpRequest) -> HttpResponse:
    _require_inviter(request.user)
    state = request.GET.get("state") or None
    if state not in InvitationState.values:
        state = None
    page = Paginator(
        selectors.invitation_list(user=request.user, state=state), INVITATIONS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/invitation_list.html",
        {
            "page": page,
            "state": state,
            "states": InvitationState.choices,
            "querystring": urlencode({"state": state}) if state else "",
        },
    )


@login_required
def invitation_create(request: HttpRequest) -> HttpResponse:
    _require_inviter(request.user)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = services.invitation_create(
            invited_by=request.user,
            email=data["email"],
            role=data["role"],
            pilot_site=data["pilot_site"],
            full_name=data["full_name"],
        )
        _tell_outcome(request, outcome, email=data["email"])
        return redirect("accounts:invitation-list")
    return render(request, "accounts/invitation_form.html", {"form": form})


def _tell_outcome(request: HttpRequest, outcome: services.InvitationOutcome, *, email: str) -> None:
    result = outcome.result
    if result is services.InvitationResult.SENT:
        messages.success(request, _("Приглашение отправлено на %(email)s.") % {"email": email})
    elif result is services.InvitationResult.RESENT:
        messages.info(
            request,
            _(
                "На %(email)s уже было отправлено такое приглашение — отправили его ещё раз "
                "с новой ссылкой."
            )
            % {"email": email},
        )
    elif result is services.InvitationResult.ROLE_ADDED:
        messages.success(
            request,
            _(
                "У %(email)s уже есть учётная запись — роль добавлена к ней, приглашение не "
                "понадобилось. Пользователю отправлено уведомление."
            )
            % {"email": email},
        )
    else:
        messages.warning(
            request,
            _("У %(email)s уже есть эта роль — ничего не изменилось.") % {"email": email},
        )


@login_required
@require_POST
def invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = permissions.get_invitation_for_user(request.user, pk)
    try:
        services.invitation_resend(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Приглашение отправлено на %(email)s ещё раз; прежняя ссылка больше не действует.")
            % {"email": invitation.email},
        )
    return redirect("accounts:invitation-list")


@login_required
@require_POST
def invitation_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = permissions.get_invitation_for_user(request.user, pk)
    try:
        services.invitation_cancel(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Приглашение для %(email)s отменено.") % {"email": invitation.email}
        )
    return redirect("accounts:invitation-list")


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invitee's page: a new account with name and password, or the role for an old one."""
    try:
        invitation = selectors.invitation_by_token(token)
    except (tokens.LinkInvalid, tokens.LinkExpired, tokens.LinkUsed, tokens.LinkCancelled) as p:
        return _link_problem(request, p, kind="invitation")

    current = request.user
    if current.is_authenticated and current.email.lower() != invitation.email:
        return render(
            request,
            "accounts/invitation_accept_other_user.html",
            {"invitation": invitation},
            status=403,
        )
    existing = User.objects.filter(email__iexact=invitation.email).first()
    if existing is not None:
        return _accept_for_existing(request, invitation, existing)

    form = InvitationAcceptForm(
        request.POST or None, email=invitation.email, initial={"full_name": invitation.full_name}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.invitation_accept_new_user(
                invitation=invitation,
                full_name=data["full_name"],
                password=data["password1"],
                phone=data["phone"],
                position=data["position"],
            )
        except (tokens.LinkExpired, tokens.LinkUsed, tokens.LinkCancelled) as problem:
            return _link_problem(request, problem, kind="invitation")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            auth_login(request, user, backend=MODEL_BACKEND)
            messages.success(
                request,
                _("Добро пожаловать! Учётная запись создана, роль «%(role)s» назначена.")
                % {"role": invitation.get_role_display()},
            )
            return redirect("accounts:cabinet")
    return render(
        request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form}
    )


def _accept_for_existing(request: HttpRequest, invitation: Any, existing: User) -> HttpResponse:
    if request.method == "POST":
        try:
            services.invitation_accept_existing_user(invitation=invitation, user=existing)
        except (tokens.LinkExpired, tokens.LinkUsed, tokens.LinkCancelled) as problem:
            return _link_problem(request, problem, kind="invitation")
        text = _("Роль «%(role)s» добавлена к вашей учётной записи.") % {
            "role": invitation.get_role_display()
        }
        if request.user.is_authenticated:
            messages.success(request, text)
            return redirect("accounts:cabinet")
        messages.success(request, text + " " + _("Войдите со своим паролем."))
        return redirect(f"{reverse('accounts:login')}?next={reverse('accounts:cabinet')}")
    return render(
        request,
        "accounts/invitation_accept_existing.html",
        {"invitation": invitation, "existing": existing},
    )


# --- The applicant's organisations ------------------------------------------------------------


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_organisation(request.user):
        raise PermissionDenied
    organisations = selectors.organisation_list_for_user(request.user)
    return render(request, "accounts/organisation_list.html", {"organisations": organisations})


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_organisation(request.user):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(
            user=request.user, data=_organisation_data(form)
        )
        messages.success(
            request,
            _("Организация «%(name)s» добавлена. Вы указаны её представителем.")
            % {"name": organisation},
        )
        then = request.POST.get("then", "")
        target = onboarding.run_next_step(then, user=request.user, organisation=organisation)
        return redirect(target or "accounts:organisation-list")
    then = request.POST.get("then") or request.GET.get("then", "")
    return render(
        request,
        "accounts/organisation_form.html",
        {
            "form": form,
            "organisation": None,
            "then": then if onboarding.is_next_step(then) else "",
        },
    )


@login_required
def organisation_update(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = permissions.get_organisation_for_user(request.user, pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_update(
            organisation=organisation, user=request.user, data=_organisation_data(form)
        )
        messages.success(request, _("Данные организации сохранены."))
        return redirect("accounts:organisation-list")
    return render(
        request,
        "accounts/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


def _organisation_data(form: OrganisationForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in form.Meta.fields}
