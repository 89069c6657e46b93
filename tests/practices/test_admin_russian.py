"""The admin speaks Russian: every column and field has a Russian name, the stock phrases read
right whatever the model's gender, the admission list shows the region and the ranking's titles
open the questionnaire."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.urls import reverse
from django.utils import translation

from practices.models import Direction
from tests.factories import OrganisationFactory, region

pytestmark = pytest.mark.django_db

OUR_APPS = {"kernel", "accounts", "public", "practices", "events", "videos", "contest", "reports"}
CYRILLIC = re.compile("[а-яё№]", re.IGNORECASE)
# Read the same in Russian.
ACCEPTED = {"e-mail", "ID", "id", "PDF", "SHA-256", "SHA-256 PDF", "ОКТМО"}


def our_admins():
    return [(m, a) for m, a in admin.site._registry.items() if m._meta.app_label in OUR_APPS]


def test_every_column_of_our_admin_lists_has_a_russian_header():
    english = []
    with translation.override("ru"):
        for model, model_admin in our_admins():
            for column in model_admin.list_display:
                if column in {"__str__", "action_checkbox"}:
                    continue
                label = str(label_for_field(column, model, model_admin))
                if not CYRILLIC.search(label) and label not in ACCEPTED:
                    english.append(f"{model._meta.label}.{column}: {label}")
    assert english == []


def test_every_field_of_our_models_has_a_russian_name():
    english = []
    with translation.override("ru"):
        for model in apps.get_models():
            if model._meta.app_label not in OUR_APPS:
                continue
            for field in model._meta.get_fields():
                if field.auto_created or not hasattr(field, "verbose_name"):
                    continue
                name = str(field.verbose_name)
                if not CYRILLIC.search(name) and name not in ACCEPTED:
                    english.append(f"{model._meta.label}.{field.name}: {name}")
    assert english == []


def test_the_changelist_title_reads_right_for_a_feminine_model(login, federal, commission):
    page = login(federal).get(reverse("admin:practices_commission_changelist")).content.decode()
    assert "Выберите запись для изменения: экспертная комиссия" in page
    assert "Выберите экспертная комиссия" not in page


def test_delete_action_names_the_plural_in_its_own_form():
    from django.utils.translation import gettext

    from practices.models import Admission

    with translation.override("ru"):
        plural = str(Admission._meta.verbose_name_plural)
        text = gettext("Delete selected %(verbose_name_plural)s") % {"verbose_name_plural": plural}
    assert text == "Удалить выбранные записи (допуски анкет)"


def test_the_added_message_does_not_agree_with_the_wrong_gender(login, federal):
    response = login(federal).post(
        reverse("admin:practices_direction_add"),
        {"name": "Медиация", "position": 50, "is_active": "on"},
        follow=True,
    )
    assert Direction.objects.filter(name="Медиация").exists()
    page = response.content.decode()
    assert "Добавлено: направление практик «" in page
    assert "был успешно добавлен" not in page


def test_the_admission_list_shows_the_region(login, federal, admitted):
    admitted(OrganisationFactory(region=region("05")), title="Горская практика")
    page = login(federal).get(reverse("admin:practices_admission_changelist")).content.decode()
    assert "column-region" in page
    assert str(region("05")) in page
    assert "decided by" not in page.lower()
    assert "Кто решил" in page


def test_ranking_titles_open_the_questionnaire(login, federal, admitted, commission):
    questionnaire = admitted(OrganisationFactory(region=region("16")), title="Казанская практика")
    ranking = reverse("admin:practices_commission_ranking", args=[commission.pk])
    page = login(federal).get(ranking).content.decode()
    link = reverse("practices:detail", args=[questionnaire.pk])
    assert re.search(rf'<a href="{link}">Казанская практика</a>', page)
