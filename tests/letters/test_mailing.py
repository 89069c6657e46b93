"""Mailings: preview lists missing fields, letters go out once, refusals and print batches are
recorded, and a mailing resumed after its worker died sends no letter twice."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core import mail
from pypdf import PdfReader

from letters import services
from letters.models import Delivery, Letter, Mailing, MailingState
from tests.letters.factories import bulk_addressees
from tests.letters.mail_backends import DyingBackend, WorkerKilled

pytestmark = pytest.mark.django_db


def _mailing(programme, letterhead, by, addressees, **extra):
    return services.mailing_create(
        by=by,
        letterhead=letterhead,
        programme=programme,
        kind="information",
        title="Информационное письмо",
        text=services.template_for(programme=programme, site=None, kind="information"),
        targets=[services.Target.of(a) for a in addressees],
        **extra,
    )


def test_preview_lists_addressees_a_field_has_no_value_for(programme, site_a, letterhead_a):
    people = bulk_addressees(site_a, 3)
    text = services.template_for(programme=programme, site=None, kind="information")
    result = services.preview(
        text=text,
        targets=[services.Target.of(a) for a in people],
        letterhead=letterhead_a,
        programme_title=programme.title,
    )
    # The default information letter names the municipality; these addressees have none.
    assert result["total"] == 3
    assert [gap["missing"] for gap in result["gaps"]] == [["муниципалитет"]] * 3
    assert result["first"]["paragraphs"][0] == ["Уважаемый(ая) Глава 0!"]


def test_each_letter_is_sent_once_with_its_pdf(
    programme, site_a, regional_a, letterhead_a, django_capture_on_commit_callbacks
):
    people = bulk_addressees(site_a, 3)
    with django_capture_on_commit_callbacks(execute=True):
        mailing = _mailing(programme, letterhead_a, regional_a, people)
    assert sorted(m.to[0] for m in mail.outbox) == [f"admin{i}@example.org" for i in range(3)]
    message = mail.outbox[0]
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and name.endswith(".pdf")
    assert "Исх. №" in PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert set(Letter.objects.values_list("delivery", flat=True)) == {Delivery.SENT}
    mailing.refresh_from_db()
    assert mailing.state == MailingState.DONE and mailing.finished_at is not None
    # Running the task again (a late duplicate) sends nothing.
    services.mailing_send(mailing.pk)
    assert len(mail.outbox) == 3


def test_a_refused_address_is_recorded_with_the_servers_reason(
    programme, site_a, regional_a, letterhead_a, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.letters.mail_backends.RefusingBackend"
    people = bulk_addressees(site_a, 2)
    people[1].email = "refuse-me@example.org"
    people[1].save()
    with django_capture_on_commit_callbacks(execute=True):
        _mailing(programme, letterhead_a, regional_a, people)
    refused = Letter.objects.get(email="refuse-me@example.org")
    assert refused.delivery == Delivery.REFUSED
    assert refused.delivery_error == "550 5.1.1 Mailbox does not exist"
    assert Letter.objects.get(email="admin0@example.org").delivery == Delivery.SENT


def test_addressees_without_email_get_a_print_batch_with_labels(
    programme, site_a, regional_a, letterhead_a, django_capture_on_commit_callbacks
):
    people = bulk_addressees(site_a, 2, email=False)
    with django_capture_on_commit_callbacks(execute=True):
        mailing = _mailing(programme, letterhead_a, regional_a, people)
    mailing.refresh_from_db()
    assert mail.outbox == []
    assert set(Letter.objects.values_list("delivery", flat=True)) == {Delivery.PRINT}
    reader = PdfReader(mailing.print_batch.open("rb"))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) == 3  # two letters and a page of labels
    assert "Село 1, ул. Центральная, 1" in text and "Администрация поселения 0" in text


def test_a_mailing_resumed_after_its_worker_died_sends_no_letter_twice(
    programme, site_a, regional_a, letterhead_a, settings
):
    settings.EMAIL_BACKEND = "tests.letters.mail_backends.DyingBackend"
    DyingBackend.calls = 0
    people = bulk_addressees(site_a, 6)
    mailing = _mailing(programme, letterhead_a, regional_a, people)  # queued, not yet run
    with pytest.raises(WorkerKilled):
        services.mailing_send(mailing.pk)
    # Two letters went, the third was being handed over when the worker died.
    assert len(mail.outbox) == 2
    assert Counter(Letter.objects.values_list("delivery", flat=True)) == {
        Delivery.SENT: 2,
        Delivery.SENDING: 1,
        Delivery.PENDING: 3,
    }
    # The task comes back (redelivered) and finishes the mailing.
    assert services.mailing_send(mailing.pk) is True
    sent_to = Counter(message.to[0] for message in mail.outbox)
    assert max(sent_to.values()) == 1
    assert len(sent_to) == 5
    uncertain = Letter.objects.get(delivery=Delivery.UNCERTAIN)
    assert uncertain.number == 3
    assert "повторно не отправлялось" in uncertain.delivery_error
    assert Mailing.objects.get(pk=mailing.pk).state == MailingState.DONE


def test_a_mailing_stops_when_its_time_slice_is_over_and_goes_on_later(
    programme, site_a, regional_a, letterhead_a
):
    people = bulk_addressees(site_a, 3)
    mailing = _mailing(programme, letterhead_a, regional_a, people)
    assert services.mailing_send(mailing.pk, budget_seconds=0) is False
    assert mail.outbox == []
    assert services.mailing_send(mailing.pk) is True
    assert len(mail.outbox) == 3
