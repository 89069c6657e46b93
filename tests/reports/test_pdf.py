"""PDF documents read back with pypdf: Cyrillic text, page numbers, header, escaping."""

from __future__ import annotations

import io
import re

import pytest

from reports.engine import registry
from reports.engine.render import render_document
from resursnaya_sreda.accounts.models import Role
from tests.factories import MembershipFactory, UserFactory
from tests.reports.conftest import EVIL_ATTACHMENT, EVIL_HTML, pdf_reader

pytestmark = pytest.mark.django_db


def _passport(programme, user=None) -> bytes:
    kind = registry.get("programme-passport")
    form = kind.get_form({"programme": programme.pk}, user=user)
    assert form.is_valid(), form.errors
    output = io.BytesIO()
    render_document(kind(form.cleaned_data, user=user), "pdf", output)
    return output.getvalue()


def test_passport_holds_the_programme_steps_targets_and_staff_in_cyrillic(full_programme):
    pages = pdf_reader(_passport(full_programme)).pages
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))
    assert "Паспорт программы" in text
    assert "Выявление лучших практик" in text
    assert "01.03.2020" in text and "31.05.2020" in text
    assert "Разослать письма в администрации" in text
    assert "Семинары, всего" in text
    assert "Республика Татарстан" in text and "Республика Дагестан" in text
    assert "Региональный Артём Альбертович" in text
    assert "Директор ресурсного центра" in text
    assert "regional-a@test.example" in text
    assert "+7 843 000-00-01" in text


def test_every_page_is_numbered_out_of_the_total_and_carries_the_programme(full_programme):
    # Enough staff to push the passport over several pages.
    site = full_programme.pilot_sites.first()
    for n in range(60):
        user = UserFactory(full_name=f"Сотрудникова Вера {n:02d}", position="Специалист")
        MembershipFactory(user=user, role=Role.REGIONAL, pilot_site=site)
    reader = pdf_reader(_passport(full_programme))
    total = len(reader.pages)
    assert total >= 3
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text()
        assert f"Стр. {number} из {total}" in text
        assert full_programme.title in text


def test_a_long_table_repeats_its_header_row_on_every_page_it_spans(full_programme):
    site = full_programme.pilot_sites.first()
    for n in range(120):
        user = UserFactory(full_name=f"Участникова Нина {n:03d}")
        MembershipFactory(user=user, role=Role.REGIONAL, pilot_site=site)
    reader = pdf_reader(_passport(full_programme))
    pages_with_rows = [
        page.extract_text() for page in reader.pages if "Участникова Нина" in page.extract_text()
    ]
    assert len(pages_with_rows) >= 2
    for text in pages_with_rows:
        assert re.search(r"ФИО\s+Должность\s+E-mail\s+Телефон", text)
    names = re.findall(r"Участникова Нина (\d{3})", "\n".join(pages_with_rows))
    assert sorted(set(names)) == [f"{n:03d}" for n in range(120)]


def test_typed_markup_appears_as_literal_text_and_attaches_nothing(full_programme, evil_staff):
    full_programme.summary = EVIL_ATTACHMENT + " и " + EVIL_HTML
    full_programme.save()
    data = _passport(full_programme)
    reader = pdf_reader(data)
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = re.sub(r"\s+", " ", text)
    assert EVIL_HTML in flat
    assert EVIL_ATTACHMENT in flat
    assert reader.attachments == {}
    assert b"root:x:0:0" not in data
