"""Questionnaire fixtures: an open step 1, drafts and complete questionnaires in two regions."""

from __future__ import annotations

import datetime
import io

import factory
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from practices import services
from practices.models import Direction, Questionnaire, QuestionnaireState
from resursnaya_sreda.accounts.models import Role
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RoadmapStepFactory,
    UserFactory,
    region,
)

EVIL = '<script>alert("x")</script><b>жирный</b>'

COMPLETE_ANSWERS = {
    "title": "Школа межнационального диалога",
    "period": "с сентября 2018 года, ежегодно",
    "geography": "Город и три соседних района",
    "problem": "Подростки разных национальностей мало общаются вне школы.",
    "goals": "Создать площадку для регулярных встреч и совместных проектов.",
    "target_groups": "Школьники 12–17 лет, их родители, учителя.",
    "people_reached": 450,
    "partners_administration": "Управление образования",
    "resources": "Два методиста, помещение Дома дружбы, грант 300 000 рублей.",
    "results_quantitative": "24 встречи, 450 участников, 12 совместных проектов.",
    "results_qualitative": "Снизилось число конфликтов в школах-участницах.",
    "replication": "Помещение, методист и договорённость с управлением образования.",
    "media_links": "https://example.org/news/1",
    "contact_name": "Заявителев Захар Захарович",
    "contact_position": "председатель",
    "contact_phone": "+7 843 123-45-67",
    "contact_email": "zakhar@example.org",
    "consent_personal_data": True,
    "consent_publication": True,
}


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    """A bare draft; ``fill()`` or ``make_questionnaire()`` give it answers and a state."""

    class Meta:
        model = Questionnaire

    programme = None
    organisation = factory.SubFactory(OrganisationFactory)
    state = QuestionnaireState.DRAFT


@pytest.fixture
def step1(programme):
    """Step 1 open today: from ten days ago to thirty days ahead."""
    return RoadmapStepFactory(programme=programme, number=1, title="Лучшие практики")


@pytest.fixture
def closed_step1(step1):
    step1.starts_on = timezone.localdate() - datetime.timedelta(days=60)
    step1.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    step1.save()
    return step1


@pytest.fixture
def direction(db):
    return Direction.objects.order_by("position").first()


@pytest.fixture
def municipality_a(db):
    return MunicipalityFactory(region=region("16"), name="Казань")


@pytest.fixture
def organisation_b(db):
    return OrganisationFactory(name="АНО «Горцы»", region=region("05"))


@pytest.fixture
def applicant_b(organisation_b):
    user = UserFactory(email="applicant-b@test.example", full_name="Другой Заявитель")
    MembershipFactory(user=user, role=Role.APPLICANT, organisation=organisation_b)
    return user


def fill(questionnaire: Questionnaire, **overrides) -> Questionnaire:
    """Give a questionnaire every required answer (saved directly, not through a service)."""
    values = {**COMPLETE_ANSWERS, **overrides}
    for name, value in values.items():
        setattr(questionnaire, name, value)
    if questionnaire.direction_id is None:
        questionnaire.direction = Direction.objects.order_by("position").first()
    if questionnaire.municipality_id is None:
        questionnaire.municipality = MunicipalityFactory(
            region=questionnaire.organisation.region,
            name=f"Муниципалитет {questionnaire.organisation.pk}-{Questionnaire.objects.count()}",
        )
    if questionnaire.consent_personal_data and not questionnaire.consent_personal_data_at:
        questionnaire.consent_personal_data_at = timezone.now()
    questionnaire.search_document = services.build_search_document(questionnaire)
    questionnaire.save()
    return questionnaire


@pytest.fixture
def make_questionnaire(programme, step1):
    """``make_questionnaire(organisation, state=..., complete=True, **answers)``."""

    def _make(organisation, *, state=QuestionnaireState.DRAFT, complete=True, by=None, **answers):
        questionnaire = QuestionnaireFactory(
            programme=programme, organisation=organisation, created_by=by
        )
        if complete:
            fill(questionnaire, **answers)
        elif answers:
            for name, value in answers.items():
                setattr(questionnaire, name, value)
            questionnaire.save()
        if state != QuestionnaireState.DRAFT:
            questionnaire.state = state
            questionnaire.submitted_at = timezone.now()
            questionnaire.state_changed_at = timezone.now()
            questionnaire.save()
        return questionnaire

    return _make


@pytest.fixture
def draft_a(make_questionnaire, applicant, applicant_organisation):
    """A complete draft of the applicant's organisation in Tatarstan (pilot site A)."""
    return make_questionnaire(applicant_organisation, by=applicant)


@pytest.fixture
def submitted_a(draft_a, applicant, regional_a):
    return services.questionnaire_submit(questionnaire=draft_a, by=applicant)


@pytest.fixture
def submitted_b(make_questionnaire, organisation_b, applicant_b, regional_b):
    return make_questionnaire(organisation_b, state=QuestionnaireState.SUBMITTED, by=applicant_b)


def jpeg_bytes(size=(64, 48), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def photo_upload():
    return SimpleUploadedFile("фото.jpg", jpeg_bytes(), content_type="image/jpeg")


# --- The expert commission --------------------------------------------------------------------


@pytest.fixture
def commission(programme, step1):
    """The programme's commission with two criteria: «Польза» (×2) and «Тиражируемость» (×1,
    comment required), both scored 0–10."""
    from practices.models import Criterion
    from practices.services import commission as commission_services

    commission = commission_services.commission_for(programme)
    Criterion.objects.create(commission=commission, name="Польза", weight=2, position=1)
    Criterion.objects.create(
        commission=commission, name="Тиражируемость", weight=1, position=2, comment_required=True
    )
    return commission


@pytest.fixture
def make_expert(commission):
    """``make_expert(name, organisation=None)``: a user with the expert role on the commission."""
    from practices.models import CommissionMember, MemberRole

    def _make(name: str, organisation=None):
        user = UserFactory(email=f"{name}@experts.example", full_name=f"Эксперт {name}")
        MembershipFactory(user=user, role=Role.EXPERT, organisation=organisation)
        CommissionMember.objects.create(commission=commission, user=user, role=MemberRole.EXPERT)
        return user

    return _make


@pytest.fixture
def admitted(make_questionnaire, federal, commission):
    """``admitted(organisation, **answers)``: a submitted questionnaire admitted to expertise."""
    from practices.services import commission as commission_services

    def _make(organisation, **answers):
        questionnaire = make_questionnaire(
            organisation, state=QuestionnaireState.SUBMITTED, **answers
        )
        commission_services.admission_decide(questionnaire=questionnaire, by=federal, admitted=True)
        return questionnaire

    return _make


def criteria_ids(commission):
    return [c.pk for c in commission.criteria.filter(is_active=True).order_by("position")]


def score(
    assignment, expert, commission, a, b, *, submit=True, comment="ок", recommendation="recommend"
):
    """Score «Польза» a and «Тиражируемость» b (total (2a + b) / 3)."""
    from practices.services import commission as commission_services

    first, second = criteria_ids(commission)
    return commission_services.review_save(
        assignment=assignment,
        by=expert,
        scores={first: (a, ""), second: (b, comment)},
        overall_comment="Общий вывод",
        recommendation=recommendation,
        submit=submit,
    )
