"""Demo questionnaires for ``manage.py demo_data``: every state, in every pilot region.

Each questionnaire is walked through the real services (so it has its history), with letters
muted. Idempotent: a questionnaire whose title already exists for its organisation in the
programme is left as it is, so what was changed while demonstrating survives another run.

The demo applicant (applicant@example.org, АНО «Созвездие») gets a draft to continue and a
questionnaire returned with the regional centre's message; a few practices are published.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image, ImageDraw

from practices import services
from practices.demo import commission as commission_demo
from practices.demo import pilot_sites as pilot_sites_demo
from practices.models import Direction, Questionnaire, QuestionnaireState
from practices.uploads import attachment_file_field
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.accounts.models import Membership, Role, User
from resursnaya_sreda.kernel import mail
from resursnaya_sreda.kernel.models import (
    Municipality,
    Organisation,
    OrganisationKind,
    PilotSite,
    Programme,
)

DEMO_APPLICANT = "applicant@example.org"
FEDERAL = "federal@example.org"


@dataclass(frozen=True)
class Practice:
    title: str
    direction: str
    problem: str
    goals: str
    target_groups: str
    people: int
    results_quantitative: str
    results_qualitative: str
    replication: str
    partners: str
    resources: str


PRACTICES: tuple[Practice, ...] = (
    Practice(
        "Школа межнационального диалога для старшеклассников",
        "Межнациональный диалог",
        "Подростки разных национальностей учатся в одних школах, но почти не общаются вне "
        "уроков; в социальных сетях встречаются оскорбительные высказывания.",
        "Создать постоянную площадку для встреч школьников; научить их вести диалог и вместе "
        "делать проекты для своего города.",
        "Школьники 14–17 лет, школьные психологи и классные руководители.",
        420,
        "24 встречи за учебный год, 420 участников из 11 школ, 12 совместных проектов.",
        "По опросу учителей, в школах-участницах стало меньше конфликтов на национальной почве; "
        "выпускники школы сами ведут встречи для младших.",
        "Помещение на 30 человек, два подготовленных модератора, согласие управления "
        "образования; методичка и сценарии встреч предоставляются бесплатно.",
        "Управление образования, Дом дружбы народов, городская молодёжная газета.",
        "Два модератора-волонтёра, помещение Дома дружбы, грант 250 000 рублей.",
    ),
    Practice(
        "Фестиваль национальных кухонь «Общий стол»",
        "Традиционная культура народов России",
        "Жители новых микрорайонов мало знают соседей и культуру их народов.",
        "Познакомить жителей с традициями друг друга через общий праздник и кухню.",
        "Жители микрорайонов, национально-культурные объединения, семьи с детьми.",
        3500,
        "Три фестиваля, 3 500 гостей, 18 национально-культурных объединений.",
        "Соседи начали вместе проводить дворовые праздники; фестиваль вошёл в городской план.",
        "Площадка под открытым небом, договорённость с администрацией района, 10–15 "
        "объединений, готовых показать свою кухню.",
        "Администрация района, местные кафе, районная газета.",
        "Волонтёры объединений, шатры администрации, 120 000 рублей спонсорских средств.",
    ),
    Practice(
        "Курсы русского языка и права для мигрантов «Первые шаги»",
        "Адаптация и интеграция мигрантов",
        "Приезжающие на работу плохо знают русский язык и свои права, это мешает им "
        "устроиться и порождает конфликты.",
        "Помочь мигрантам освоить язык, законы и обычаи; снизить число правонарушений.",
        "Трудовые мигранты и члены их семей, работодатели.",
        260,
        "8 потоков курсов, 260 выпускников, 92 % сдали экзамен по русскому языку.",
        "Работодатели отмечают меньше конфликтов в коллективах; выпускники приводят земляков.",
        "Два преподавателя русского как иностранного, юрист-консультант, класс на 15 мест.",
        "Управление по вопросам миграции, два крупных работодателя, национальные диаспоры.",
        "Преподаватели-волонтёры, помещение библиотеки, учебники за счёт партнёров.",
    ),
    Practice(
        "Летний лагерь родных языков «Тамыр»",
        "Сохранение и развитие родных языков",
        "Дети в городах перестают говорить на языке своих родителей.",
        "Дать детям живую языковую среду через игры, песни, ремёсла и общение с носителями.",
        "Дети 8–14 лет и их родители.",
        180,
        "Три смены по 60 детей, 5 языков, итоговый концерт на родных языках.",
        "Родители отмечают, что дети стали чаще говорить дома на родном языке.",
        "Загородная база или школа на лето, вожатые — носители языков, программа занятий.",
        "Министерство образования, национально-культурные автономии.",
        "Вожатые-волонтёры, база отдыха, субсидия министерства 400 000 рублей.",
    ),
    Practice(
        "Медиашкола «Говорим без вражды»",
        "Профилактика экстремизма",
        "В местных пабликах распространяются материалы, разжигающие неприязнь.",
        "Научить молодых авторов и администраторов пабликов писать о межнациональных "
        "отношениях корректно.",
        "Студенты, начинающие журналисты, администраторы городских пабликов.",
        95,
        "4 курса, 95 выпускников, 140 опубликованных материалов.",
        "В городских пабликах стало меньше враждебных комментариев; появились совместные "
        "рубрики о культуре соседей.",
        "Преподаватель-журналист, компьютерный класс, договорённость с редакциями.",
        "Городская газета, университет, региональный центр «Мой бизнес».",
        "Грант Президентского фонда, волонтёры-журналисты.",
    ),
    Practice(
        "Клуб народных ремёсел для подростков",
        "Этнокультурное образование",
        "Подростки из разных семей не знают ремёсел своих народов, а мастера стареют.",
        "Передать ремёсла молодым и сделать мастерскую местом встречи разных культур.",
        "Подростки 12–16 лет, мастера народных промыслов.",
        140,
        "Занятия дважды в неделю, 140 подростков, две выставки в год.",
        "Выпускники клуба участвуют в ярмарках и ведут мастер-классы в школах.",
        "Мастерская, 3–4 мастера, материалы; программа занятий на год.",
        "Дом культуры, музей, совет ветеранов.",
        "Мастерская Дома культуры, материалы за счёт спонсоров.",
    ),
    Practice(
        "Молодёжный совет «Вместе»",
        "Молодёжь и межнациональные отношения",
        "Молодёжные объединения разных национальностей работают порознь.",
        "Объединить молодёжные организации в совет, который вместе планирует события.",
        "Активисты молодёжных и национальных объединений 18–30 лет.",
        600,
        "Совет из 22 организаций, 15 совместных мероприятий, 600 участников.",
        "Совет стал площадкой, куда администрация приходит за советом по молодёжной политике.",
        "Координатор, помещение для заседаний раз в месяц, поддержка администрации.",
        "Отдел молодёжной политики, студенческие советы вузов.",
        "Координатор на полставки, помещение молодёжного центра.",
    ),
)

# (state the questionnaire ends in, published?) in the order organisations are visited: each
# site's region has two questionnaires a site may choose in step 3 (see pilot_sites.py), except
# the last site's, whose first NGO withdrew its questionnaire (WITHDRAWN below). The demo
# applicant's own questionnaires show a draft and a return (``_demo_applicant``).
STATES = (
    (QuestionnaireState.SUBMITTED, False),
    (QuestionnaireState.UNDER_REVIEW, True),
    (QuestionnaireState.RESUBMITTED, False),
    (QuestionnaireState.SUBMITTED, True),
    (QuestionnaireState.UNDER_REVIEW, False),
)
WITHDRAWN = (QuestionnaireState.WITHDRAWN, False)

PHOTO_COLOURS = ((29, 78, 137), (198, 93, 40), (46, 125, 50), (123, 31, 162))


def _photo(seed: int) -> SimpleUploadedFile:
    """A simple generated picture: the demo has no real photos to ship."""
    colour = PHOTO_COLOURS[seed % len(PHOTO_COLOURS)]
    image = Image.new("RGB", (960, 640), colour)
    draw = ImageDraw.Draw(image)
    for n in range(6):
        offset = 60 + n * 130
        draw.ellipse(
            (offset, 200 + (n % 2) * 80, offset + 110, 310 + (n % 2) * 80), fill=(255, 255, 255)
        )
    draw.rectangle((0, 560, 960, 640), fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile(f"фото-{seed + 1}.jpg", buffer.getvalue(), "image/jpeg")


def _representative(organisation: Organisation, index: int) -> User:
    """The demo applicant for their NGO; for the other NGOs a representative without a login
    password (they only exist so the questionnaire has someone who filled it in)."""
    member = (
        Membership.objects.filter(role=Role.APPLICANT, organisation=organisation)
        .select_related("user")
        .first()
    )
    if member is not None:
        return member.user
    email = f"ngo{organisation.pk}@example.org"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email, None, full_name=f"Представитель организации {index + 1}"
        )
    Membership.objects.get_or_create(user=user, role=Role.APPLICANT, organisation=organisation)
    roles.forget_memberships(user)
    return user


def _answers(practice: Practice, organisation: Organisation, person: User) -> dict[str, object]:
    return {
        "title": practice.title,
        "direction": Direction.objects.filter(name=practice.direction).first(),
        "problem": practice.problem,
        "goals": practice.goals,
        "target_groups": practice.target_groups,
        "people_reached": practice.people,
        "period": "с 2018 года, ежегодно",
        "geography": f"{organisation.municipality or organisation.region} и соседние районы",
        "partners_administration": practice.partners,
        "resources": practice.resources,
        "results_quantitative": practice.results_quantitative,
        "results_qualitative": practice.results_qualitative,
        "replication": practice.replication,
        "media_links": "https://example.org/news/practice",
        "contact_name": person.full_name,
        "contact_position": person.position or "руководитель",
        "contact_phone": "+7 900 000-00-00",
        "contact_email": person.email,
        "consent_personal_data": True,
        "consent_publication": True,
    }


def _fill(questionnaire: Questionnaire, by: User, answers: dict[str, object]) -> Questionnaire:
    municipality = questionnaire.organisation.municipality
    if municipality is not None:
        answers = {**answers, "municipality": municipality}
    return services.questionnaire_save_draft(
        questionnaire=questionnaire, by=by, version=questionnaire.version, changes=answers
    )


def _walk(
    questionnaire: Questionnaire,
    *,
    state: str,
    published: bool,
    applicant: User,
    regional: User | None,
    federal: User | None,
) -> None:
    """Take a complete draft to ``state`` through the services, as people would."""
    staff = regional or federal
    services.questionnaire_submit(questionnaire=questionnaire, by=applicant)
    if state == QuestionnaireState.WITHDRAWN:
        services.questionnaire_withdraw(
            questionnaire=questionnaire, by=applicant, message="Практика приостановлена на год."
        )
        return
    if staff is None:
        return
    if state in {
        QuestionnaireState.UNDER_REVIEW,
        QuestionnaireState.RETURNED,
        QuestionnaireState.RESUBMITTED,
    }:
        services.questionnaire_take_into_review(questionnaire=questionnaire, by=staff)
    if state in {QuestionnaireState.RETURNED, QuestionnaireState.RESUBMITTED}:
        services.questionnaire_return(
            questionnaire=questionnaire,
            by=staff,
            message=(
                "Пожалуйста, уточните количественные результаты по годам и приложите "
                "2–3 фотографии с мероприятий."
            ),
        )
    if state == QuestionnaireState.RESUBMITTED:
        services.questionnaire_resubmit(questionnaire=questionnaire, by=applicant)
    if published and federal is not None:
        services.questionnaire_publish(questionnaire=questionnaire, by=federal)


def _add_photos(questionnaire: Questionnaire, by: User, seed: int, count: int = 2) -> None:
    field = attachment_file_field()
    for n in range(count):
        services.attachment_add(
            questionnaire=questionnaire,
            by=by,
            upload=field.clean(_photo(seed + n)),
            caption=f"{questionnaire.title}: встреча участников",
        )


def _demo_ngos(site: PilotSite) -> list[Organisation]:
    """One NGO per municipality of the pilot region that the kernel's demo created."""
    organisations = []
    municipalities = list(Municipality.objects.filter(region=site.region).order_by("name")[:2])
    for municipality in municipalities:
        name = f"Автономная некоммерческая организация «Дом народов — {municipality.name}»"
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is None:
            organisation = Organisation(
                name=name,
                short_name=f"АНО «Дом народов — {municipality.name}»",
                kind=OrganisationKind.NGO,
                region=site.region,
                municipality=municipality,
            )
            organisation.full_clean()
            organisation.save()
        organisations.append(organisation)
    return organisations


def _exists(programme: Programme, organisation: Organisation, title: str) -> bool:
    return Questionnaire.objects.filter(
        programme=programme, organisation=organisation, title=title
    ).exists()


@transaction.atomic
def populate(programme: Programme) -> None:
    """Questionnaires in every state across the pilot regions of ``programme``."""
    if services.window_state(programme) not in {"ahead", "current"}:
        # The demo programme is placed so that step 1 is open; without that nothing can be
        # submitted through the services, and faking states would be worse than none.
        return
    federal = User.objects.filter(email=FEDERAL).first()
    with mail.muted():
        _demo_applicant(programme, federal)
        counter = 0
        sites = list(programme.pilot_sites.select_related("region").order_by("region__name"))
        for site in sites:
            regional = User.objects.filter(
                memberships__role=Role.REGIONAL, memberships__pilot_site=site
            ).first()
            for number, organisation in enumerate(_demo_ngos(site)):
                # Seven practices, five states: the published ones are not all the same practice.
                practice = PRACTICES[counter % len(PRACTICES)]
                state, published = STATES[counter % len(STATES)]
                if site == sites[-1] and number == 0:
                    state, published = WITHDRAWN
                counter += 1
                if _exists(programme, organisation, practice.title):
                    continue
                person = _representative(organisation, counter)
                questionnaire = services.questionnaire_create(
                    by=person, organisation=organisation, programme=programme
                )
                questionnaire = _fill(
                    questionnaire, person, _answers(practice, organisation, person)
                )
                # Most applicants send photos; every third does not (the catalogue's cover band).
                if published or counter % 3:
                    _add_photos(questionnaire, person, counter)
                _walk(
                    questionnaire,
                    state=state,
                    published=published,
                    applicant=person,
                    regional=regional,
                    federal=federal,
                )
        # The expert commission works on whatever was submitted above, then step 3.
        commission_demo.populate(programme, federal)
        pilot_sites_demo.populate(programme, federal)


def _demo_applicant(programme: Programme, federal: User | None) -> None:
    """applicant@example.org: a draft to continue and a returned questionnaire to fix."""
    user = User.objects.filter(email=DEMO_APPLICANT).first()
    if user is None:
        return
    membership = (
        Membership.objects.filter(user=user, role=Role.APPLICANT, organisation__isnull=False)
        .select_related("organisation")
        .first()
    )
    if membership is None:
        return
    organisation = membership.organisation
    regional = User.objects.filter(
        memberships__role=Role.REGIONAL,
        memberships__pilot_site__programme=programme,
        memberships__pilot_site__region=organisation.region,
    ).first()

    returned = PRACTICES[0]
    if not _exists(programme, organisation, returned.title):
        questionnaire = services.questionnaire_create(
            by=user, organisation=organisation, programme=programme
        )
        questionnaire = _fill(questionnaire, user, _answers(returned, organisation, user))
        _walk(
            questionnaire,
            state=QuestionnaireState.RETURNED,
            published=False,
            applicant=user,
            regional=regional,
            federal=federal,
        )

    draft_title = "Семейный клуб «Соседи»"
    if not _exists(programme, organisation, draft_title):
        # Only the first sections: the demo shows a draft to be finished.
        questionnaire = services.questionnaire_create(
            by=user, organisation=organisation, programme=programme
        )
        services.questionnaire_save_draft(
            questionnaire=questionnaire,
            by=user,
            version=questionnaire.version,
            changes={
                "title": draft_title,
                "direction": Direction.objects.filter(name="Межнациональный диалог").first(),
                "problem": (
                    "Семьи, переехавшие в город из разных регионов, чувствуют себя чужими и "
                    "редко знакомятся с соседями."
                ),
                "period": "с марта 2021 года",
            },
        )
