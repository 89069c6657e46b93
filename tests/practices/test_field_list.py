"""One list of the questionnaire's editable fields (``sections.EDITABLE_FIELDS``), read by the
section forms, the draft-saving service and the lists that leave long answers unread."""

from __future__ import annotations

import pytest
from django.db import models

from practices import selectors, services
from practices.models import Questionnaire
from practices.sections import ALL_SECTIONS, EDITABLE_FIELDS

pytestmark = pytest.mark.django_db

LONG_ANSWERS = {
    name
    for name in EDITABLE_FIELDS
    if isinstance(Questionnaire._meta.get_field(name), models.TextField)
}


def test_the_list_is_every_section_field_once_in_the_order_of_the_form():
    from_sections = [name for section in ALL_SECTIONS for name in section.fields]
    assert list(EDITABLE_FIELDS) == from_sections
    assert len(set(from_sections)) == len(from_sections)


def test_the_draft_service_accepts_every_listed_field(draft_a, applicant):
    for name in EDITABLE_FIELDS:
        services.questionnaire_save_draft(
            questionnaire=draft_a,
            by=applicant,
            version=draft_a.version,
            changes={name: getattr(draft_a, name)},
        )


def test_the_draft_service_refuses_a_field_outside_the_list(draft_a, applicant):
    with pytest.raises(ValueError, match="search_document is not an editable questionnaire"):
        services.questionnaire_save_draft(
            questionnaire=draft_a,
            by=applicant,
            version=draft_a.version,
            changes={"search_document": "подмена"},
        )


def test_the_lists_leave_exactly_the_long_answers_unread(draft_a, applicant, federal):
    assert "problem" in LONG_ANSWERS and "title" not in LONG_ANSWERS
    for queryset in (
        selectors.applicant_questionnaires(applicant),
        selectors.staff_questionnaires(federal),
    ):
        deferred, is_deferred = queryset.query.deferred_loading
        assert is_deferred
        programme_texts = {f"programme__{name}" for name in ("summary", "goals", "tasks")}
        programme_texts |= {"programme__conditions", "programme__contacts"}
        assert set(deferred) == LONG_ANSWERS | programme_texts | {
            "search_document",
            "return_message",
        }
