"""What accounts hold about a person, and how it is anonymised or erased (152-ФЗ).

Registered with ``kernel.personal_data`` from ``AccountsConfig.ready()``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import make_password
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user

from resursnaya_sreda.accounts.models import Invitation, Membership, User, UserSession
from resursnaya_sreda.accounts.sessions import sessions_end
from resursnaya_sreda.kernel.models import PersonalDataAccess, Programme
from resursnaya_sreda.kernel.personal_data import Section

ANONYMISED_DOMAIN = "anonymised.invalid"


def _date(value: Any) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M") if value else "—"


def _not_anonymised(field: str = "email") -> Q:
    return ~Q(**{f"{field}__endswith": f"@{ANONYMISED_DOMAIN}"})


def anonymise_invitations(programme: Programme) -> int:
    """Invitations to the programme's pilot sites lose the address and the name."""
    invitations = Invitation.objects.filter(pilot_site__programme=programme).filter(
        _not_anonymised()
    )
    changed = 0
    for pk in invitations.values_list("pk", flat=True):
        Invitation.objects.filter(pk=pk).update(
            email=f"invitation-{pk}@{ANONYMISED_DOMAIN}", full_name=""
        )
        changed += 1
    return changed


def account_data(email: str) -> list[Section]:
    user = User.objects.filter(email__iexact=email).first()
    sections: list[Section] = []
    if user is not None:
        sections.append(
            Section(
                _("Учётная запись"),
                rows=[
                    (_("E-mail"), user.email),
                    (_("ФИО"), user.full_name),
                    (_("Телефон"), user.phone or "—"),
                    (_("Должность"), user.position or "—"),
                    (_("Зарегистрирован"), _date(user.date_joined)),
                    (_("E-mail подтверждён"), _date(user.email_confirmed_at)),
                    (_("Последний вход"), _date(user.last_login)),
                    (
                        _("Согласие на обработку ПДн"),
                        f"{_date(user.consent_given_at)}, "
                        f"{_('версия')} {user.consent_version or '—'}",
                    ),
                    (_("Активна"), _("да") if user.is_active else _("нет")),
                ],
            )
        )
        memberships = Membership.objects.filter(user=user).select_related(
            "pilot_site__region", "organisation"
        )
        sections.append(
            Section(
                _("Роли"),
                columns=[_("Роль"), _("Где"), _("С")],
                table=[
                    (
                        m.get_role_display(),
                        str(m.pilot_site or m.organisation or "—"),
                        _date(m.created_at),
                    )
                    for m in memberships
                ],
            )
        )
        sections.append(
            Section(
                _("Второй фактор входа"),
                rows=[(d.name, _("подключён")) for d in devices_for_user(user, confirmed=True)],
            )
        )
        sections.append(
            Section(
                _("Сеансы входа"),
                columns=[_("Вход"), _("Последнее действие"), _("Адрес"), _("Браузер")],
                table=[
                    (_date(s.created_at), _date(s.last_seen_at), s.ip_address or "—", s.user_agent)
                    for s in UserSession.objects.filter(user=user)
                ],
            )
        )
        reads = PersonalDataAccess.objects.filter(user=user).order_by("-at")[:200]
        sections.append(
            Section(
                _("Чтение персональных данных этим пользователем (последние 200)"),
                columns=[_("Когда"), _("Что"), _("Действие")],
                table=[(_date(r.at), r.what, r.get_action_display()) for r in reads],
            )
        )
    invitations = Invitation.objects.filter(email__iexact=email).select_related("pilot_site")
    if invitations:
        sections.append(
            Section(
                _("Приглашения"),
                columns=[_("Роль"), _("Площадка"), _("Отправлено"), _("Состояние")],
                table=[
                    (
                        i.get_role_display(),
                        str(i.pilot_site or "—"),
                        _date(i.sent_at),
                        i.get_state_display(),
                    )
                    for i in invitations
                ],
            )
        )
    return sections


def erase_account(email: str) -> int:
    """The account keeps its roles (counts stay right) but loses everything about the person."""
    changed = 0
    for user in User.objects.filter(email__iexact=email):
        for device in devices_for_user(user, confirmed=None):
            device.delete()
        sessions_end(user=user)
        User.objects.filter(pk=user.pk).update(
            email=f"user-{user.pk}@{ANONYMISED_DOMAIN}",
            full_name=_("Удалён по запросу"),
            phone="",
            position="",
            is_active=False,
            password=make_password(None),
        )
        changed += 1
    for pk in Invitation.objects.filter(email__iexact=email).values_list("pk", flat=True):
        Invitation.objects.filter(pk=pk).update(
            email=f"invitation-{pk}@{ANONYMISED_DOMAIN}", full_name=""
        )
        changed += 1
    return changed


def register() -> None:
    from resursnaya_sreda.kernel import personal_data

    personal_data.register_anonymiser("accounts-invitations", anonymise_invitations)
    personal_data.register_source("accounts", account_data)
    personal_data.register_eraser("accounts", erase_account)
