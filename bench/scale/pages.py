"""The pages the scale bench times, by role. A later app adds its main pages here.

``path`` is formatted with the manifest data.py returns (ids differ between the two
databases), e.g. ``"/events/manage/{regional_event}/"``. ``role`` is one of ``ROLES``; the
bench logs in once per role and server.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("anonymous", "federal", "regional", "expert", "applicant")


@dataclass(frozen=True)
class Page:
    title: str
    role: str
    path: str

    def url(self, manifest: dict) -> str:
        return self.path.format(**manifest)


PAGES: list[Page] = []


def page(title: str, role: str, path: str) -> None:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    PAGES.append(Page(title, role, path))


# --- Public ---------------------------------------------------------------------------
page("главная", "anonymous", "/")
page("новости", "anonymous", "/news/")
page("каталог практик", "anonymous", "/practices/")
page("каталог, поиск", "anonymous", "/practices/?q={word}")
page("каталог, регион", "anonymous", "/practices/?region={region}")
page("мероприятия (публичный список)", "anonymous", "/events/")
page("мероприятие (публичная страница)", "anonymous", "/events/{public_event}/")
page("видеосюжеты (публичный список)", "anonymous", "/videos/")
page("график выпуска (публичный)", "anonymous", "/videos/schedule/")

# --- Federal coordinator ----------------------------------------------------------------
page("кабинет федерального", "federal", "/accounts/cabinet/")
page("анкеты: федеральный список", "federal", "/practices/review/")
page("анкеты: федеральный, поиск", "federal", "/practices/review/?q={word}")
page("анкеты: федеральный, регион", "federal", "/practices/review/?region={region}")
page("анкеты: федеральный, стр. 10", "federal", "/practices/review/?page=10")
page("рейтинг комиссии (средняя)", "federal", "/admin/practices/commission/{commission}/ranking/")
page(
    "рейтинг, z-оценки, медиана",
    "federal",
    "/admin/practices/commission/{commission}/ranking/?z=1&o=median",
)
page("пилотные практики (обзор)", "federal", "/practices/pilot-sites/")
page("мероприятия: федеральный список", "federal", "/events/manage/")
page("отчёты и документы", "federal", "/reports/")
page("заказ: анкета (practices-questionnaire)", "federal", "/reports/?kind=practices-questionnaire")
page("заказ: реестр анкет (practices-register)", "federal", "/reports/?kind=practices-register")
page("заказ: лист регистрации (events-sheet)", "federal", "/reports/?kind=events-sheet")
page("заказ: паспорт программы", "federal", "/reports/?kind=programme-passport")
page("приглашение сотрудника", "federal", "/accounts/invitations/new/")

page("сводка: план и факт", "federal", "/dashboard/")
page("сводка: семинары всех площадок", "federal", "/dashboard/cells/seminars/")
page(
    "сводка: анкеты всех площадок, стр. 10",
    "federal",
    "/dashboard/cells/questionnaires-received/?page=10",
)
page("сводка: графики", "federal", "/dashboard/charts/")
page("сводка: план-график", "federal", "/dashboard/schedule/")
page("путь практики", "federal", "/practices/questionnaires/{questionnaire}/thread/")

page("сюжеты: федеральный список", "federal", "/videos/manage/")
page("сюжет (сотрудник)", "federal", "/videos/manage/{story}/")
page("график выпуска сюжетов", "federal", "/videos/schedule/manage/")
page("конкурс: заявки всех площадок", "federal", "/contest/")
page("конкурс: готовность площадок", "federal", "/contest/readiness/")
page("конкурсная заявка (сотрудник)", "federal", "/contest/entries/{entry}/")
page("письма: рассылки", "federal", "/letters/")
page("письма: журнал исходящих", "federal", "/letters/register/")
page("письма: рассылка", "federal", "/letters/mailings/{mailing}/")

# --- Regional centre --------------------------------------------------------------------
page("кабинет регионального", "regional", "/accounts/cabinet/")
page("анкеты: региональный список", "regional", "/practices/review/")
page("анкета (сотрудник)", "regional", "/practices/questionnaires/{questionnaire}/")
page("мероприятия: региональный список", "regional", "/events/manage/")
page("мероприятие (сотрудник)", "regional", "/events/manage/{regional_event}/")
page("отчёты (региональный)", "regional", "/reports/")
page("сводка (региональный)", "regional", "/dashboard/")
page("сюжеты: региональный список", "regional", "/videos/manage/")
page("конкурс: заявки площадки", "regional", "/contest/")
page("письма: журнал площадки", "regional", "/letters/register/")

# --- Expert -----------------------------------------------------------------------------
page("кабинет эксперта", "expert", "/accounts/cabinet/")
page("мои заявки на оценку", "expert", "/admin/practices/experttask/")

# --- Applicant --------------------------------------------------------------------------
page("кабинет заявителя", "applicant", "/accounts/cabinet/")
page("мои анкеты", "applicant", "/practices/my/")
page("новая организация (форма)", "applicant", "/accounts/organisations/new/")
