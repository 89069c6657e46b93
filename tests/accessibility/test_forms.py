"""The portal's one form pattern: required marks, the error summary, fields tied to errors."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.urls import reverse

from resursnaya_sreda.kernel.forms import PortalBoundField, has_required_fields

pytestmark = pytest.mark.django_db


def _tag(html: str, name: str) -> str:
    match = re.search(rf"<(?:input|select|textarea)[^>]*name=\"{name}\"[^>]*>", html)
    assert match, f"нет поля {name}"
    return match.group(0)


class _Sample(forms.Form):
    title = forms.CharField(label="Название")
    note = forms.CharField(label="Заметка", required=False, widget=forms.Textarea)
    kind = forms.ChoiceField(
        label="Вид", choices=[("a", "А"), ("b", "Б")], widget=forms.RadioSelect
    )
    agree = forms.BooleanField(label="Согласен")
    upload = forms.FileField(label="Файл")


def test_every_form_gets_the_portal_bound_field():
    form = _Sample()
    assert isinstance(form["title"], PortalBoundField)
    html = str(form)
    assert 'aria-required="true"' in _tag(html, "title")
    assert "required" not in _tag(html, "note")
    assert 'aria-required="true"' in _tag(html, "agree")
    # A radio button and a file input take no aria-required (the group or `required` tells).
    assert "aria-required" not in _tag(html, "kind")
    assert "aria-required" not in _tag(html, "upload")
    assert has_required_fields(form)
    assert not has_required_fields(forms.Form())


def test_failed_login_shows_a_summary_with_role_alert_and_the_title_says_error(client, applicant):
    response = client.post(
        reverse("accounts:login"), {"username": applicant.email, "password": "не тот пароль"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<title>Ошибка: Вход", html)
    summary = re.search(r'<div class="alert alert-danger error-summary" role="alert"[^>]*>', html)
    assert summary and 'tabindex="-1"' in summary.group(0)
    assert "Пожалуйста, введите правильные" in html or "Неверн" in html


def test_register_form_marks_required_fields_and_explains_the_mark(client):
    html = client.get(reverse("accounts:register")).content.decode()
    assert "Поля, отмеченные звёздочкой" in html
    assert '<span class="asteriskField">*</span>' in html
    assert "<title>Ошибка" not in html
    assert "error-summary" not in html


def test_register_form_errors_link_to_fields_and_fields_point_to_errors(client):
    response = client.post(reverse("accounts:register"), {"email": "не адрес"})
    html = response.content.decode()
    assert html.count('role="alert"') >= 1
    links = re.findall(r'<a class="alert-link" href="#(id_[\w-]+)">', html)
    assert "id_email" in links
    for field_id in links:
        control = re.search(rf'<(?:input|select|textarea)[^>]*id="{field_id}"[^>]*>', html)
        assert control, field_id
        assert 'aria-invalid="true"' in control.group(0)
        described = re.search(r'aria-describedby="([^"]+)"', control.group(0))
        assert described and f"{field_id}_error" in described.group(1).split()
        assert f'id="{field_id}_error"' in html
