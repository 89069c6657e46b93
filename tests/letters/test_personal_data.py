"""Letters' personal data: a person's export, erasure on request, anonymising after retention."""

from __future__ import annotations

import datetime

import pytest

from letters import personal_data
from letters.models import Addressee, Delivery, Letter
from resursnaya_sreda.kernel import access_log
from resursnaya_sreda.kernel import personal_data as registry
from tests.letters.factories import administration
from tests.letters.test_indicators import _mailing

pytestmark = pytest.mark.django_db


def _letter(mailing, letterhead, number, email):
    return Letter.objects.create(
        mailing=mailing,
        letterhead=letterhead,
        year=2026,
        number=number,
        registered_on=datetime.date(2026, 5, 1),
        kind="information",
        person="Петров Пётр Петрович",
        organisation="Администрация района",
        email=email,
        subject="О программе",
        delivery=Delivery.SENT,
    )


@pytest.fixture
def contact(programme, site_a, regional_a, letterhead_a):
    addressee = administration(site_a, by=regional_a, email="glava@city.example")
    mailing = _mailing(programme, regional_a, letterhead_a, site_a)
    letter = _letter(mailing, letterhead_a, 701, "glava@city.example")
    other = _letter(mailing, letterhead_a, 702, "someone@else.example")
    return addressee, letter, other


def test_letters_say_what_holds_personal_data():
    labels = {model._meta.label for model in access_log.personal_data_models()}
    assert {"letters.Addressee", "letters.Letter", "letters.Reply"} <= labels
    assert "letters" in registry.anonymisers()


def test_a_persons_export_lists_their_contact_and_the_letters_sent_to_them(contact):
    sections = personal_data.contacts_of("GLAVA@city.example")
    titles = [section.title for section in sections]
    assert titles == ["Контакт адресата писем", "Письма, отправленные на этот адрес"]
    assert sections[0].table[0][2] == "Петров Пётр Петрович"
    assert [row[0] for row in sections[1].table] == [str(contact[1])]


def test_erasure_removes_the_person_and_keeps_the_register(contact):
    addressee, letter, other = contact
    assert personal_data.erase_contacts_of("glava@city.example") == 2
    addressee.refresh_from_db()
    letter.refresh_from_db()
    assert (addressee.person, addressee.email, addressee.phone) == ("", "", "")
    assert addressee.organisation  # the administration itself stays
    assert (letter.person, letter.email, letter.number) == ("", "", 701)
    other.refresh_from_db()
    assert other.email == "someone@else.example"
    assert personal_data.contacts_of("glava@city.example") == []


def test_anonymising_a_programme_keeps_every_letters_number(contact, programme):
    letters = Letter.objects.filter(mailing__programme=programme)
    numbers = sorted(letters.values_list("number", flat=True))
    assert {701, 702} <= set(numbers)
    personal_data.anonymise_letters(programme)
    assert sorted(letters.values_list("number", flat=True)) == numbers
    assert not letters.exclude(person="", email="").exists()
    assert Addressee.objects.filter(email="glava@city.example").exists()
