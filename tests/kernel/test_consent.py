"""Consent wordings are stored per version, so a consent given is shown later as it was."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from resursnaya_sreda.kernel.consent import CURRENT_VERSIONS, consent_text
from resursnaya_sreda.kernel.models import ConsentPurpose, ConsentText

pytestmark = pytest.mark.django_db


def test_every_wording_in_force_is_stored():
    for purpose, version in CURRENT_VERSIONS.items():
        assert ConsentText.objects.filter(purpose=purpose, version=version).exists(), purpose


def test_the_account_consent_page_shows_a_version_on_request(client):
    ConsentText.objects.create(purpose=ConsentPurpose.ACCOUNT, version="2024-1", text="Прежний.")
    html = client.get(reverse("accounts:consent")).content.decode()
    assert "Редакция 2025-1" in html
    assert "152-ФЗ" in html
    html = client.get(reverse("accounts:consent") + "?version=2024-1").content.decode()
    assert "Редакция 2024-1" in html
    assert "Прежний." in html
    assert client.get(reverse("accounts:consent") + "?version=1999-9").status_code == 404


def test_the_questionnaire_contacts_show_the_wording_with_the_organiser():
    questionnaire = SimpleNamespace(
        consent_personal_data=True,
        consent_personal_data_at=None,
        consent_version="2020-1",
        consent_publication=False,
        programme=SimpleNamespace(organiser="АНО «Организатор»"),
    )
    html = render_to_string("practices/partials/contacts.html", {"questionnaire": questionnaire})
    assert "Я даю согласие АНО «Организатор» на обработку" in html.replace("&laquo;", "«").replace(
        "&raquo;", "»"
    )


def test_an_unknown_version_has_no_wording():
    assert consent_text(ConsentPurpose.QUESTIONNAIRE, "1999-1") == ""
