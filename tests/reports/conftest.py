"""Fixtures for the document engine: a programme with steps, targets, sites and staff."""

from __future__ import annotations

import datetime
import io

import pytest
from pypdf import PdfReader

from resursnaya_sreda.accounts.models import Role
from resursnaya_sreda.kernel.models import (
    Responsible,
    RoadmapStep,
    RoadmapTask,
    Target,
    TargetCode,
)
from tests.factories import MembershipFactory, UserFactory

EVIL_HTML = "<img src=x onerror=alert(1)>"
EVIL_FORMULA = '=HYPERLINK("http://evil","x")'
EVIL_ATTACHMENT = "<link rel=attachment href=file:///etc/passwd>"


@pytest.fixture
def kernel_kinds_only(monkeypatch):
    """Only the kernel's two documents in the registry, whatever other apps register."""
    from reports.engine import registry

    kinds = {key: registry.get(key) for key in ("programme-passport", "pilot-sites")}
    monkeypatch.setattr(registry, "_kinds", kinds)
    return kinds


@pytest.fixture
def full_programme(programme, site_a, site_b, regional_a, regional_b):
    """The test programme with two steps, their tasks, two targets and staff at both sites."""
    regional_a.position = "Директор ресурсного центра"
    regional_a.phone = "+7 843 000-00-01"
    regional_a.save()
    step1 = RoadmapStep.objects.create(
        programme=programme,
        number=1,
        title="Выявление лучших практик",
        starts_on=datetime.date(2020, 3, 1),
        ends_on=datetime.date(2020, 5, 31),
    )
    step2 = RoadmapStep.objects.create(
        programme=programme,
        number=2,
        title="Семинары",
        starts_on=datetime.date(2020, 4, 1),
        ends_on=datetime.date(2020, 6, 30),
    )
    RoadmapTask.objects.create(step=step1, number=1, text="Разослать письма в администрации")
    RoadmapTask.objects.create(
        step=step2, number=1, text="Провести два семинара", responsible=Responsible.PILOT_SITE
    )
    Target.objects.create(programme=programme, step=step2, code=TargetCode.SEMINARS, value=20)
    Target.objects.create(
        programme=programme, step=step2, code=TargetCode.SEMINAR_PARTICIPANTS, value=15
    )
    return programme


@pytest.fixture
def evil_staff(site_a):
    """A regional staff member whose typed-in details are hostile."""
    user = UserFactory(
        email="evil@test.example", full_name=EVIL_HTML, position=EVIL_ATTACHMENT, phone=EVIL_FORMULA
    )
    MembershipFactory(user=user, role=Role.REGIONAL, pilot_site=site_a)
    return user


def pdf_reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pdf_reader(data).pages)
