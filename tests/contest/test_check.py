"""The regional check: checklist, remarks beside fields, return with a message, «проверена»."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from contest import services
from contest.completeness import EntryForm, automatic_checks
from contest.models import CheckItem, EntryAction, EntryState
from tests.contest.conftest import complete, tick_all

pytestmark = pytest.mark.django_db


def test_the_portal_finds_a_figure_that_differs_from_the_questionnaire(
    submitted_entry, form, practice_a
):
    people = form["questions"]["people"]
    answer = submitted_entry.answers.get(question=people)
    answer.number = practice_a.people_reached + 50
    answer.save()
    found = automatic_checks(EntryForm.load(submitted_entry))
    assert [p.message for p in found[CheckItem.FIGURES]] == [
        f"В заявке {practice_a.people_reached + 50}, в анкете {practice_a.people_reached}: "
        "объясните или исправьте."
    ]
    assert found[CheckItem.REQUIRED] == []


def test_a_missing_consent_is_the_consents_item_of_the_checklist(draft_entry, form):
    found = automatic_checks(EntryForm.load(draft_entry))
    titles = {p.label for p in found[CheckItem.CONSENTS]}
    assert titles == {"Согласие", "Письмо поддержки"}


def test_checked_needs_every_item_ticked(submitted_entry, regional_a):
    services.entry_check_set(
        entry=submitted_entry, by=regional_a, item=CheckItem.REQUIRED, passed=True
    )
    with pytest.raises(services.ContestError, match="пункт не отмечен"):
        services.entry_mark_checked(entry=submitted_entry, by=regional_a)
    submitted_entry.refresh_from_db()
    assert submitted_entry.state == EntryState.SUBMITTED


def test_checked_is_refused_while_a_remark_is_open(submitted_entry, regional_a):
    tick_all(submitted_entry, regional_a)
    services.field_comment_add(
        entry=submitted_entry, by=regional_a, field="title", text="Название слишком общее."
    )
    with pytest.raises(services.ContestError, match="Открытых замечаний к полям: 1"):
        services.entry_mark_checked(entry=submitted_entry, by=regional_a)


def test_a_remark_on_a_field_that_does_not_exist_is_refused(submitted_entry, regional_a):
    with pytest.raises(Exception, match="нет такого поля"):
        services.field_comment_add(entry=submitted_entry, by=regional_a, field="q-999999", text="x")


def test_the_applicant_sees_the_message_and_each_remark_beside_its_field(
    login, submitted_entry, regional_a, applicant, form
):
    results = form["questions"]["results"]
    letter = form["requirements"]["letter"]
    services.field_comment_add(
        entry=submitted_entry,
        by=regional_a,
        field=results.anchor,
        text="Нужны цифры за последний год.",
    )
    services.field_comment_add(
        entry=submitted_entry,
        by=regional_a,
        field=letter.anchor,
        text="Письмо без подписи руководителя.",
    )
    services.entry_return(entry=submitted_entry, by=regional_a, message="Исправьте два поля.")
    page = login(applicant).get(reverse("contest:edit", args=[submitted_entry.pk])).content.decode()
    assert "Исправьте два поля." in page
    field_at = page.index(f'name="{results.anchor}"')
    remark_at = page.index("Нужны цифры за последний год.")
    next_field_at = page.index(f'name="{form["questions"]["people"].anchor}"')
    assert field_at < remark_at < next_field_at  # right after its own field
    letter_block = page[page.index(f'id="id_{letter.anchor}"') :]
    assert letter_block.index("Письмо без подписи руководителя.") < letter_block.index("</li>")


def test_return_needs_a_message(submitted_entry, regional_a):
    with pytest.raises(Exception, match="Напишите заявителю"):
        services.entry_return(entry=submitted_entry, by=regional_a, message="  ")


def test_the_whole_round_writes_its_history_from_and_to(
    submitted_entry, regional_a, applicant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.entry_return(entry=submitted_entry, by=regional_a, message="Уточните.")
    assert [m.to for m in mail.outbox if "возвращена" in m.subject.lower()] == [[applicant.email]]
    submitted_entry.refresh_from_db()
    complete(submitted_entry, applicant)
    services.entry_submit(entry=submitted_entry, by=applicant)
    tick_all(submitted_entry, regional_a)
    services.entry_mark_checked(entry=submitted_entry, by=regional_a)
    steps = list(
        submitted_entry.history.order_by("pk").values_list(
            "action", "from_state", "to_state", "actor"
        )
    )
    assert steps == [
        (EntryAction.CREATE, "", EntryState.DRAFT, applicant.pk),
        (EntryAction.SUBMIT, EntryState.DRAFT, EntryState.SUBMITTED, applicant.pk),
        (EntryAction.RETURN, EntryState.SUBMITTED, EntryState.RETURNED, regional_a.pk),
        (EntryAction.RESUBMIT, EntryState.RETURNED, EntryState.SUBMITTED, applicant.pk),
        (EntryAction.CHECK, EntryState.SUBMITTED, EntryState.CHECKED, regional_a.pk),
    ]


def test_the_checklist_is_ticked_on_the_entry_page(login, submitted_entry, regional_a):
    client = login(regional_a)
    response = client.post(
        reverse("contest:check-item", args=[submitted_entry.pk]),
        {"item": CheckItem.LEGIBLE, "passed": "on"},
    )
    assert response.status_code == 302
    check = submitted_entry.checks.get(item=CheckItem.LEGIBLE)
    assert check.passed and check.checked_by == regional_a
    page = client.get(reverse("contest:entry", args=[submitted_entry.pk])).content.decode()
    assert 'id="check-legible" checked' in page


def test_marking_checked_asks_first_then_counts_it(login, submitted_entry, regional_a):
    tick_all(submitted_entry, regional_a)
    client = login(regional_a)
    confirm = client.get(reverse("contest:checked", args=[submitted_entry.pk]))
    assert "Заявка будет засчитана площадке" in confirm.content.decode()
    submitted_entry.refresh_from_db()
    assert submitted_entry.state == EntryState.SUBMITTED  # asking changed nothing
    client.post(reverse("contest:checked", args=[submitted_entry.pk]))
    submitted_entry.refresh_from_db()
    assert submitted_entry.state == EntryState.CHECKED
    assert submitted_entry.checked_by == regional_a
