"""The cabinet sections the accounts app itself provides, registered through ``cabinet``."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from resursnaya_sreda.accounts import permissions, selectors
from resursnaya_sreda.accounts.cabinet import CabinetLink, CabinetSection, register, url_or_none


@register("accounts-profile", order=10)
def profile_section(user: Any) -> CabinetSection:
    return CabinetSection(
        title=_("Мои данные"),
        icon="person-vcard",
        aside=True,
        template="accounts/cabinet/profile.html",
        context={"memberships": permissions.memberships(user)},
        links=(
            CabinetLink(_("Изменить данные"), reverse("accounts:profile"), icon="pencil"),
            CabinetLink(_("Сменить пароль"), reverse("accounts:password-change"), icon="key"),
        ),
    )


@register("accounts-federal", order=20)
def federal_section(user: Any) -> CabinetSection | None:
    if not permissions.is_federal(user):
        return None
    pending = selectors.invitation_pending_count()
    links = [
        CabinetLink(
            _("Пригласить сотрудника или эксперта"),
            reverse("accounts:invitation-create"),
            icon="person-plus",
            primary=True,
        ),
        CabinetLink(
            _("Отправленные приглашения"),
            reverse("accounts:invitation-list"),
            icon="envelope",
            badge=str(pending) if pending else "",
        ),
        CabinetLink(
            _("Админка: программы, площадки, пользователи"), reverse("admin:index"), icon="gear"
        ),
    ]
    news_admin = url_or_none("admin:public_news_changelist")
    if news_admin:
        links.append(CabinetLink(_("Новости: добавить и изменить"), news_admin, icon="newspaper"))
    news = url_or_none("public:news-list")
    if news:
        links.append(CabinetLink(_("Новости на сайте"), news, icon="newspaper"))
    return CabinetSection(
        title=_("Федеральный координатор"),
        icon="globe",
        description=_(
            "Вы ведёте программу во всех пилотных регионах: площадки, сроки, люди и новости."
        ),
        links=tuple(links),
    )


@register("accounts-regional", order=30)
def regional_section(user: Any) -> CabinetSection | None:
    if not permissions.is_regional(user):
        return None
    return CabinetSection(
        title=_("Региональный ресурсный центр"),
        icon="geo-alt",
        template="accounts/cabinet/regional.html",
        context={"sites": list(selectors.pilot_sites_for_user(user))},
    )


@register("accounts-expert", order=40)
def expert_section(user: Any) -> CabinetSection | None:
    if not permissions.is_expert(user):
        return None
    return CabinetSection(
        title=_("Экспертная комиссия"),
        icon="clipboard-check",
        description=_(
            "Вы — член экспертной комиссии по отбору лучших практик. Анкеты, которые федеральный "
            "координатор назначит вам на оценку, вы оцениваете в админке. Перед оценкой каждой "
            "анкеты можно заявить о конфликте интересов; оценки других экспертов вам не видны."
        ),
    )


@register("accounts-applicant", order=50)
def applicant_section(user: Any) -> CabinetSection | None:
    if not permissions.is_applicant(user):
        return None
    return CabinetSection(
        title=_("Мои организации"),
        icon="building",
        template="accounts/cabinet/applicant.html",
        context={
            "organisations": list(selectors.organisation_list_for_user(user)),
            "step": selectors.current_step(1),
        },
        links=(
            CabinetLink(
                _("Добавить организацию"),
                reverse("accounts:organisation-create"),
                icon="plus-lg",
                primary=True,
            ),
        ),
    )


@register("accounts-no-role", order=90)
def no_role_section(user: Any) -> CabinetSection | None:
    if permissions.roles(user):
        return None
    return CabinetSection(
        title=_("Роль не назначена"),
        icon="question-circle",
        description=_(
            "У вашей учётной записи пока нет роли в программе. Если вас должны были пригласить "
            "как сотрудника регионального центра или эксперта, напишите федеральному координатору."
        ),
    )
