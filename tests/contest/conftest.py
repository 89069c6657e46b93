"""Contest fixtures: an open contest with the organiser's form, a selected practice per region."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from contest import services
from contest.models import (
    AttachmentRequirement,
    CheckItem,
    Contest,
    EntryQuestion,
    FileKinds,
    Nomination,
    PrefillSource,
)
from practices.models import PilotPractice, PilotPracticeState, QuestionnaireState
from resursnaya_sreda.accounts.models import Role
from resursnaya_sreda.kernel.models import Target, TargetCode
from resursnaya_sreda.kernel.questions import QuestionKind
from resursnaya_sreda.kernel.uploads import SCANS, PortalFileField
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, region
from tests.practices.conftest import QuestionnaireFactory, fill


def scan_bytes(color=(240, 240, 235)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 420), color).save(buffer, "JPEG")
    return buffer.getvalue()


def scan_upload(name="скан.jpg"):
    return PortalFileField(kinds=SCANS, max_size=5 * 1024 * 1024).check(
        SimpleUploadedFile(name, scan_bytes(), "image/jpeg")
    )


@pytest.fixture
def contest(programme):
    now = timezone.now()
    contest = Contest.objects.create(
        programme=programme,
        edition=3,
        organiser="ФАДН",
        entries_open_on=timezone.localdate() - datetime.timedelta(days=10),
        deadline=now + datetime.timedelta(days=30),
        max_entries_per_practice=2,
        warning_days=14,
    )
    Target.objects.create(programme=programme, code=TargetCode.CONTEST_ENTRIES_PER_SITE, value=2)
    return contest


@pytest.fixture
def special(contest):
    return Nomination.objects.create(
        contest=contest, title="Участники проекта «Ресурсная среда»", is_special=True, position=1
    )


@pytest.fixture
def general(contest):
    return Nomination.objects.create(contest=contest, title="Межнациональный диалог", position=2)


@pytest.fixture
def third_nomination(contest):
    return Nomination.objects.create(contest=contest, title="Культурное наследие", position=3)


@pytest.fixture
def questions(contest):
    """Four questions: two prefilled texts (one with a tight limit), the number of people
    (prefilled) and a contest-only question."""

    def make(position, text, kind=QuestionKind.TEXT, source="", max_length=None, required=True):
        return EntryQuestion.objects.create(
            contest=contest,
            position=position,
            text=text,
            kind=kind,
            source=source,
            max_length=max_length,
            is_required=required,
        )

    return {
        "problem": make(1, "Актуальность", source=PrefillSource.PROBLEM, max_length=1000),
        "results": make(2, "Результаты", source=PrefillSource.RESULTS_QUANTITATIVE, max_length=30),
        "people": make(
            3, "Участников", kind=QuestionKind.NUMBER, source=PrefillSource.PEOPLE_REACHED
        ),
        "partners": make(4, "Партнёры", source=PrefillSource.PARTNERS, required=False),
        "plans": make(5, "Планы на следующий год", max_length=500),
    }


@pytest.fixture
def requirements(contest):
    return {
        "letter": AttachmentRequirement.objects.create(
            contest=contest,
            title="Письмо поддержки",
            kinds=FileKinds.SCANS,
            max_size_mb=1,
            is_support_letter=True,
            position=1,
        ),
        "consent": AttachmentRequirement.objects.create(
            contest=contest,
            title="Согласие",
            kinds=FileKinds.SCANS,
            max_size_mb=1,
            is_consent=True,
            position=2,
        ),
        "presentation": AttachmentRequirement.objects.create(
            contest=contest,
            title="Презентация",
            kinds=FileKinds.PRESENTATION,
            max_size_mb=5,
            is_required=False,
            position=3,
        ),
    }


@pytest.fixture
def form(questions, requirements, special, general):
    return {"questions": questions, "requirements": requirements}


def selected_practice(programme, site, organisation, **answers):
    questionnaire = QuestionnaireFactory(programme=programme, organisation=organisation)
    fill(questionnaire, **answers)
    questionnaire.state = QuestionnaireState.SUBMITTED
    questionnaire.submitted_at = timezone.now()
    questionnaire.save()
    slot = site.pilot_practices.count() + 1
    if slot > 2:
        # The site's two step-3 places are taken: the commission's decision selects it.
        from practices.models import Decision, Outcome

        Decision.objects.create(questionnaire=questionnaire, outcome=Outcome.BEST, reason="ok")
        return questionnaire
    PilotPractice.objects.create(
        pilot_site=site,
        questionnaire=questionnaire,
        slot=slot,
        state=PilotPracticeState.CONFIRMED,
    )
    return questionnaire


@pytest.fixture
def practice_a(programme, site_a, applicant_organisation, applicant, regional_a):
    return selected_practice(programme, site_a, applicant_organisation)


@pytest.fixture
def organisation_b(db):
    return OrganisationFactory(name="АНО «Горцы»", region=region("05"))


@pytest.fixture
def applicant_b(organisation_b):
    user = UserFactory(email="applicant-b@test.example", full_name="Другой Заявитель")
    MembershipFactory(user=user, role=Role.APPLICANT, organisation=organisation_b)
    return user


@pytest.fixture
def practice_b(programme, site_b, organisation_b, applicant_b, regional_b):
    return selected_practice(programme, site_b, organisation_b)


def complete(entry, by):
    """Answer what the questionnaire did not and attach the required files."""
    answers = {}
    for question in entry.contest.questions.all():
        if question.source:
            continue
        answers[question.pk] = "Открыть филиал в соседнем районе."
    short = entry.contest.questions.filter(max_length__lte=100).first()
    if short is not None:
        answers[short.pk] = "24 встречи, 450 человек."
    services.entry_save_draft(
        entry=entry, by=by, version=entry.version, changes={}, answers=answers
    )
    for requirement in entry.contest.requirements.filter(is_required=True):
        services.entry_attachment_set(
            entry=entry, by=by, requirement=requirement, upload=scan_upload()
        )
    entry.refresh_from_db()
    return entry


@pytest.fixture
def draft_entry(form, practice_a, applicant, special):
    return services.entry_start(by=applicant, questionnaire=practice_a, nomination=special)


@pytest.fixture
def submitted_entry(draft_entry, applicant):
    complete(draft_entry, applicant)
    return services.entry_submit(entry=draft_entry, by=applicant)


def tick_all(entry, by):
    for item in CheckItem.values:
        services.entry_check_set(entry=entry, by=by, item=item, passed=True)


@pytest.fixture
def checked_entry(submitted_entry, regional_a):
    tick_all(submitted_entry, regional_a)
    return services.entry_mark_checked(entry=submitted_entry, by=regional_a)
