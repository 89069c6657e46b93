"""Letters documents through the engine: the outgoing register, the campaign log, a mailing's
report; another region's sender or mailing cannot be asked for."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from letters import services
from reports.engine import registry
from reports.engine.render import render_document
from tests.letters.factories import bulk_addressees

pytestmark = pytest.mark.django_db


def _render(identifier, parameters, user, fmt):
    kind = registry.get(identifier)
    form = kind.get_form(parameters, user=user)
    assert form.is_valid(), form.errors
    output = io.BytesIO()
    render_document(kind(form.cleaned_data, user=user), fmt, output)
    return output.getvalue()


@pytest.fixture
def mailing(programme, site_a, regional_a, letterhead_a):
    people = bulk_addressees(site_a, 2) + bulk_addressees(site_a, 1, start=5, email=False)
    return services.mailing_create(
        by=regional_a,
        letterhead=letterhead_a,
        programme=programme,
        kind="information",
        title="Информационное письмо",
        text=services.template_for(programme=programme, site=None, kind="information"),
        targets=[services.Target.of(a) for a in people],
    )


def test_the_outgoing_register_lists_the_senders_letters_of_the_period(
    mailing, regional_a, letterhead_a
):
    today = timezone.localdate().isoformat()
    data = _render(
        "letters-register",
        {"letterhead": letterhead_a.pk, "date_from": today, "date_to": today},
        regional_a,
        "xlsx",
    )
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    numbers = [
        row[0] for row in rows if row[0] and str(row[0]).startswith(letterhead_a.number_prefix)
    ]
    assert numbers == [f"{letterhead_a.number_prefix}/{n}" for n in (1, 2, 3)]
    assert any(row[7] == "На печать (нет e-mail)" for row in rows)


def test_another_regions_sender_and_mailing_cannot_be_asked_for(mailing, regional_b, letterhead_a):
    today = timezone.localdate().isoformat()
    register = registry.get("letters-register").get_form(
        {"letterhead": letterhead_a.pk, "date_from": today, "date_to": today}, user=regional_b
    )
    assert not register.is_valid()
    assert "Такого отправителя нет среди доступных вам." in register.errors["letterhead"]
    report = registry.get("letters-mailing").get_form({"mailing": mailing.pk}, user=regional_b)
    assert not report.is_valid()


def test_the_mailing_report_says_who_got_what(mailing, regional_a):
    text = (
        PdfReader(
            io.BytesIO(_render("letters-mailing", {"mailing": mailing.pk}, regional_a, "pdf"))
        )
        .pages[0]
        .extract_text()
    )
    assert "Администрация поселения 0" in text and "На печать (нет e-mail)" in text
    assert "Писем: 3" in text


def test_the_campaign_log_exports_the_sites_entries(site_a, regional_a):
    services.campaign_entry_create(
        by=regional_a,
        site=site_a,
        data={
            "platform": "social",
            "outlet": "ВКонтакте",
            "title": "Семинар прошёл",
            "url": "https://vk.example/post/1",
            "published_on": timezone.localdate(),
            "reach": 500,
        },
    )
    rows = list(
        load_workbook(
            io.BytesIO(_render("letters-campaign", {}, regional_a, "xlsx"))
        ).active.iter_rows(values_only=True)
    )
    assert any(row[4] == "Семинар прошёл" and row[5] == "https://vk.example/post/1" for row in rows)
