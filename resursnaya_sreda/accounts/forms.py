"""Forms about people, all in Russian; each error is shown beside its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.accounts.models import INVITABLE_ROLES, Role, User
from resursnaya_sreda.accounts.selectors import pilot_sites_for_invitation
from resursnaya_sreda.accounts.services import ORGANISATION_FIELDS
from resursnaya_sreda.kernel.autocomplete import AutocompleteChoiceField
from resursnaya_sreda.kernel.autocomplete.endpoints import MunicipalityChoices, PilotSiteChoices
from resursnaya_sreda.kernel.mail import send_email
from resursnaya_sreda.kernel.models import Organisation

PHONE_HELP = _("Например, +7 900 123-45-67.")


class LoginForm(AuthenticationForm):
    """Django's own login form (fields ``username`` and ``password``) with the e-mail label.

    It says plainly when the only problem is an unconfirmed address, so a new applicant is not
    left guessing; a locked-out client learns nothing from it.
    """

    username = forms.EmailField(
        label=_("Электронная почта"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Неверный адрес электронной почты или пароль. Проверьте раскладку и Caps Lock."
        ),
        "unconfirmed": _(
            "Адрес электронной почты ещё не подтверждён. Откройте ссылку из письма, которое мы "
            "отправили при регистрации."
        ),
    }

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except forms.ValidationError:
            if self._unconfirmed_account_with_right_password():
                raise forms.ValidationError(
                    self.error_messages["unconfirmed"], code="unconfirmed"
                ) from None
            raise

    def _unconfirmed_account_with_right_password(self) -> bool:
        if self.request is not None and getattr(self.request, "axes_locked_out", False):
            return False
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not email or not password:
            return False
        user = User.objects.filter(
            email__iexact=email, is_active=False, email_confirmed_at__isnull=True
        ).first()
        return bool(user and user.check_password(password))


class CodeForm(forms.Form):
    """The second step of the login: one text field for a code from the app or a recovery code."""

    code = forms.CharField(
        label=_("Код"),
        max_length=32,
        help_text=_("6 цифр из приложения-аутентификатора или код восстановления."),
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "spellcheck": "false",
                "autocapitalize": "off",
            }
        ),
    )


class ConsentField(forms.BooleanField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            required=True,
            label=_("Я согласен(на) на обработку моих персональных данных"),
            error_messages={
                "required": _(
                    "Без согласия на обработку персональных данных учётную запись создать нельзя."
                )
            },
            **kwargs,
        )


def consent_help() -> str:
    return format_html(
        '<a href="{}" target="_blank" rel="noopener">{}</a>',
        reverse("accounts:consent"),
        _("Текст согласия (152-ФЗ)"),
    )


class PasswordPairMixin(forms.Form):
    """A new password typed twice and checked by the portal's password validators."""

    password1 = forms.CharField(
        label=_("Пароль"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Не короче 8 символов, не только цифры и не слишком простой."),
    )
    password2 = forms.CharField(
        label=_("Пароль ещё раз"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def password_user(self) -> User:
        """An unsaved user with what was typed, so similarity checks see the name and e-mail."""
        return User(
            email=self.cleaned_data.get("email", ""),
            full_name=self.cleaned_data.get("full_name", ""),
        )

    def clean_password2(self) -> str:
        first = self.cleaned_data.get("password1")
        second = self.cleaned_data.get("password2", "")
        if first and second and first != second:
            raise forms.ValidationError(_("Пароли не совпадают."), code="password_mismatch")
        return second

    def _post_clean(self) -> None:
        super()._post_clean()
        password = self.cleaned_data.get("password2")
        if password:
            try:
                password_validation.validate_password(password, self.password_user())
            except forms.ValidationError as error:
                self.add_error("password2", error)


class RegistrationForm(PasswordPairMixin, forms.Form):
    email = forms.EmailField(
        label=_("Электронная почта"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("На этот адрес придёт ссылка для подтверждения; он же — логин."),
    )
    full_name = forms.CharField(
        label=_("ФИО"),
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("Фамилия, имя и отчество полностью."),
    )
    phone = forms.CharField(
        label=_("Телефон"),
        max_length=40,
        required=False,
        help_text=PHONE_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "tel"}),
    )
    position = forms.CharField(
        label=_("Должность"),
        max_length=255,
        required=False,
        help_text=_("Например, председатель правления НКО."),
    )
    consent = ConsentField()

    field_order = ["email", "full_name", "phone", "position", "password1", "password2", "consent"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].help_text = consent_help()

    def clean_email(self) -> str:
        # An address already registered is not an error here: the form answers as for a new
        # one and the owner gets a letter instead (no account enumeration).
        return User.objects.normalize_email(self.cleaned_data["email"].strip()).lower()

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name.split()) < 2:
            raise forms.ValidationError(_("Укажите хотя бы фамилию и имя."), code="full_name_short")
        return name


class ResendConfirmationForm(forms.Form):
    email = forms.EmailField(
        label=_("Электронная почта"),
        help_text=_("Адрес, указанный при регистрации."),
    )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone", "position"]
        labels = {"full_name": _("ФИО"), "phone": _("Телефон"), "position": _("Должность")}
        help_texts = {"phone": PHONE_HELP}


class PortalPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the letter leaves through the portal's Celery mail task."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = render_to_string(subject_template_name, context)
        send_email(
            to=to_email,
            subject=subject,
            template=email_template_name,
            html_template=html_email_template_name,
            context=context,
        )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Электронная почта"))
    full_name = forms.CharField(
        label=_("ФИО"),
        max_length=255,
        required=False,
        help_text=_("Если знаете — подставится в форму приглашённого."),
    )
    role = forms.ChoiceField(
        label=_("Роль"),
        choices=[(role.value, role.label) for role in INVITABLE_ROLES],
        widget=forms.RadioSelect,
        initial=Role.REGIONAL,
    )
    # Pilot sites of every programme: 89 regions a year at national scale, so searched.
    pilot_site = AutocompleteChoiceField(
        label=_("Пилотная площадка"),
        source=PilotSiteChoices,
        queryset=None,
        required=False,
        help_text=_("Только для сотрудника регионального центра. Начните вводить регион."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot_site"].queryset = pilot_sites_for_invitation()

    def clean_email(self) -> str:
        return User.objects.normalize_email(self.cleaned_data["email"].strip()).lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("role") == Role.REGIONAL and not data.get("pilot_site"):
            self.add_error(
                "pilot_site",
                forms.ValidationError(
                    _("Выберите пилотную площадку, на которой будет работать сотрудник."),
                    code="pilot_site_required",
                ),
            )
        if data.get("role") == Role.EXPERT:
            data["pilot_site"] = None
        return data


class InvitationAcceptForm(PasswordPairMixin, forms.Form):
    full_name = forms.CharField(label=_("ФИО"), max_length=255)
    phone = forms.CharField(label=_("Телефон"), max_length=40, required=False, help_text=PHONE_HELP)
    position = forms.CharField(label=_("Должность"), max_length=255, required=False)
    consent = ConsentField()

    field_order = ["full_name", "phone", "position", "password1", "password2", "consent"]

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        self.email = email
        super().__init__(*args, **kwargs)
        self.fields["consent"].help_text = consent_help()

    def password_user(self) -> User:
        return User(email=self.email, full_name=self.cleaned_data.get("full_name", ""))

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name.split()) < 2:
            raise forms.ValidationError(_("Укажите хотя бы фамилию и имя."), code="full_name_short")
        return name


class OrganisationForm(forms.ModelForm):
    """The applicant's organisation; INN and OGRN are checked digit by digit (kernel.validators)."""

    website = forms.URLField(
        label=_("Сайт"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Например, https://example.org"),
    )
    # Thousands of municipalities: searched, and only those of the region chosen above.
    municipality = AutocompleteChoiceField(
        label=_("Муниципальное образование"),
        source=MunicipalityChoices,
        depends_on={"region": "region"},
        required=False,
        help_text=_("Сначала выберите регион, затем начните вводить название."),
    )

    class Meta:
        model = Organisation
        fields = list(ORGANISATION_FIELDS)
        help_texts = {
            "name": _("Как в уставе, например: Автономная некоммерческая организация «…»."),
            "inn": _("10 цифр для организации."),
            "ogrn": _("13 цифр (ОГРНИП — 15)."),
            "phone": PHONE_HELP,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = self.fields["region"].queryset.order_by("name")
        self.fields["inn"].widget.attrs.update({"inputmode": "numeric", "maxlength": 12})
        self.fields["ogrn"].widget.attrs.update({"inputmode": "numeric", "maxlength": 15})

    def clean_inn(self) -> str:
        inn = "".join(self.cleaned_data.get("inn", "").split())
        if inn:
            duplicate = Organisation.objects.filter(inn=inn)
            if self.instance.pk:
                duplicate = duplicate.exclude(pk=self.instance.pk)
            if duplicate.exists():
                raise forms.ValidationError(
                    _(
                        "Организация с этим ИНН уже зарегистрирована на портале. Если вы её "
                        "представляете, напишите федеральному координатору, и вас добавят."
                    ),
                    code="inn_taken",
                )
        return inn

    def clean_ogrn(self) -> str:
        return "".join(self.cleaned_data.get("ogrn", "").split())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        municipality = data.get("municipality")
        region = data.get("region")
        if municipality and region and municipality.region_id != region.pk:
            self.add_error(
                "municipality",
                forms.ValidationError(
                    _("Это муниципальное образование находится в другом регионе."),
                    code="municipality_region",
                ),
            )
        return data
