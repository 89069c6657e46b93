"""Participants' consents: the stored wording is asked for, and shown to staff as it was."""

from __future__ import annotations

import pytest
from django.urls import reverse

from events.forms import RegistrationForm
from events.models import EventState
from resursnaya_sreda.kernel.consent import consent_text
from resursnaya_sreda.kernel.models import ConsentPurpose, ConsentText
from tests.events.conftest import register

pytestmark = pytest.mark.django_db


def test_the_registration_form_asks_for_the_stored_wording(make_event):
    form = RegistrationForm(event=make_event(state=EventState.ANNOUNCED))
    assert form.fields["consent_personal_data"].label == consent_text(
        ConsentPurpose.EVENT_REGISTRATION
    )
    assert form.fields["consent_personal_data"].label.startswith("Я даю согласие АНО")
    assert "фотографии и видео" in form.fields["consent_photo"].label


def test_staff_see_the_old_wording_a_participant_agreed_to(make_event, regional_a, login):
    ConsentText.objects.create(
        purpose=ConsentPurpose.EVENT_REGISTRATION, version="2019-1", text="Старая редакция."
    )
    event = make_event(state=EventState.ANNOUNCED)
    (registration,) = register(event, 1)
    registration.consent_version = "2019-1"
    registration.save(update_fields=["consent_version"])
    content = login(regional_a).get(reverse("events:staff-detail", args=[event.pk]))
    html = content.content.decode()
    assert "согласие в редакции 2019-1" in html
    assert "Регистрация на мероприятие, редакция 2019-1" in html
    assert "Старая редакция." in html
