"""The letter PDF reads as an official letter: letterhead, number and date, addressee, text."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from letters import services
from letters.models import Letter
from tests.letters.factories import administration

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )


def test_letter_pdf_carries_number_date_addressee_and_merge_fields(
    programme, site_a, regional_a, letterhead_a
):
    addressee = administration(site_a, by=regional_a, name="Администрация Зеленодольского района")
    services.template_save(
        by=regional_a,
        programme=programme,
        site=site_a,
        kind="information",
        data={
            "subject": "О программе «{{ программа_название }}»",
            "body": "Уважаемый {{ адресат }}!\n\nСообщаем организации «{{ организация }}» о "
            "программе «{{ программа_название }}» в регионе {{ регион }}.",
            "cover_text": "Письмо во вложении.",
        },
    )
    mailing = services.mailing_create(
        by=regional_a,
        letterhead=letterhead_a,
        programme=programme,
        kind="information",
        title="Информационное письмо",
        text=services.template_for(programme=programme, site=site_a, kind="information"),
        targets=[services.Target.of(addressee)],
    )
    letter = Letter.objects.select_related("letterhead").get(mailing=mailing)
    text = _text(services.letter_pdf(letter))
    assert f"Исх. № {letterhead_a.number_prefix}/1" in text
    assert f"от {letter.registered_on:%d.%m.%Y}" in text
    assert "Петров Пётр Петрович" in text
    assert "Глава муниципального образования" in text
    assert "Уважаемый Петров Пётр Петрович!" in text
    assert "«Администрация Зеленодольского района»" in text
    assert "Ресурсная среда — тест" in text
    assert "Татарстан" in text
    assert letterhead_a.organisation in text
    assert "Директор" in text and "Иванова И. И." in text
