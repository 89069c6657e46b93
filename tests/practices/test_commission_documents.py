"""The protocol PDF and the scores XLSX, opened and read."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from practices.models import CommissionMember, MemberRole, Outcome
from practices.services import commission as commission_services
from reports.engine import registry
from reports.engine.render import render_document
from tests.factories import OrganisationFactory, region
from tests.practices.conftest import score

pytestmark = pytest.mark.django_db


def _render(identifier, parameters, user, fmt):
    kind = registry.get(identifier)
    form = kind.get_form(parameters, user=user)
    assert form.is_valid(), form.errors
    output = io.BytesIO()
    render_document(kind(form.cleaned_data, user=user), fmt, output)
    return output.getvalue()


@pytest.fixture
def decided(commission, admitted, make_expert, federal):
    chair = make_expert("chair")
    CommissionMember.objects.filter(user=chair).update(role=MemberRole.CHAIR)
    questionnaire = admitted(OrganisationFactory(region=region("16")), title="Дом дружбы")
    e1, e2 = make_expert("p1"), make_expert("p2")
    for expert, a, b in ((e1, 8, 5), (e2, 10, 10)):
        assignment = commission_services.assignment_create(
            questionnaire=questionnaire, expert=expert, by=federal
        )
        score(assignment, expert, commission, a, b)
    commission_services.decision_make(
        questionnaire=questionnaire, by=federal, outcome=Outcome.BEST, reason="Лучшая в регионе"
    )
    return questionnaire


def test_protocol_pdf_lists_members_criteria_ranking_and_decisions(decided, commission, federal):
    data = _render("practices-commission-protocol", {"commission": commission.pk}, federal, "pdf")
    text = re.sub(
        r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    )
    assert "Председатель" in text and "Эксперт chair" in text
    assert "Польза" in text and "Тиражируемость" in text
    assert "Дом дружбы" in text
    assert "8,50" in text or "8.50" in text  # mean of 7 and 10
    assert "Лучшая в регионе" in text


def test_scores_xlsx_has_a_row_per_review_and_a_ranking_sheet(decided, commission, federal):
    data = _render("practices-commission-scores", {"commission": commission.pk}, federal, "xlsx")
    book = load_workbook(io.BytesIO(data))
    reviews = list(book["Оценки"].iter_rows(values_only=True))
    header, body = reviews[0], reviews[1:]
    assert len(body) == 2
    totals = sorted(float(row[header.index("Итог (взвешенный)")]) for row in body)
    assert totals == [7.0, 10.0]
    assert sorted(row[header.index("Польза")] for row in body) == [8, 10]
    ranking = list(book["Рейтинг"].iter_rows(values_only=True))
    assert ranking[1][2] == "Дом дружбы"
    assert float(ranking[1][ranking[0].index("Средняя")]) == pytest.approx(8.5)
    assert ranking[1][ranking[0].index("Решение")] == "Лучшая практика"


@pytest.mark.parametrize("who", ["expert", "regional_a", "applicant"])
def test_only_federal_orders_commission_documents(request, who):
    user = request.getfixturevalue(who)
    assert not registry.get("practices-commission-protocol").can_request(user)
    assert not registry.get("practices-commission-scores").can_request(user)
