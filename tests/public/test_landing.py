"""The landing page shows the current programme from the database, or a friendly placeholder."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from resursnaya_sreda.kernel.models import Programme

pytestmark = pytest.mark.django_db

LANDING = "/"


def step_block(html: str, number: int) -> str:
    """The HTML of one roadmap step, from its <li id="step-N"> to the next one."""
    match = re.search(rf'<li id="step-{number}".*?(?=<li id="step-|</ol>\s*</section>)', html, re.S)
    assert match, f"step {number} not rendered"
    return match.group(0)


@pytest.mark.smoke
def test_without_a_current_programme_the_landing_says_it_is_being_prepared(client):
    response = client.get(LANDING)
    assert response.status_code == 200
    assert "Программа «Ресурсная среда» готовится" in response.content.decode()


@pytest.mark.smoke
def test_a_programme_that_is_not_current_is_not_shown(client, db):
    Programme.objects.create(title="Ресурсная среда — 2019", year=2019, summary="Старый цикл")
    html = client.get(LANDING).content.decode()
    assert "Старый цикл" not in html
    assert "готовится" in html


@pytest.mark.smoke
def test_the_landing_shows_the_programme_texts(client, programme, roadmap):
    Programme.objects.filter(pk=programme.pk).update(
        summary="Поддержка лучших муниципальных практик.",
        goals="Выявить и распространить лучшие практики.",
        tasks="Провести семинары\nСнять видеосюжеты\n\n",
        conditions="Участвуют НКО пилотных регионов.",
        contacts="info@example.org\nТелефон: +7 (495) 000-00-00",
    )
    html = client.get(LANDING).content.decode()
    assert "Ресурсная среда — тест" in html
    assert "Поддержка лучших муниципальных практик." in html
    assert "Выявить и распространить лучшие практики." in html
    assert html.count("bi-check2-circle") == 2  # one list item per task line, blanks skipped
    assert "Снять видеосюжеты" in html
    assert "Участвуют НКО пилотных регионов." in html
    assert 'id="contacts"' in html
    assert 'href="mailto:info@example.org"' in html
    assert "+7 (495) 000-00-00" in html


def test_the_landing_shows_seven_steps_with_dates_and_states(client, programme, roadmap, today):
    html = client.get(LANDING).content.decode()
    assert 'id="steps"' in html
    expected_states = {
        1: "done",
        2: "done",
        3: "current",
        4: "current",
        5: "ahead",
        6: "ahead",
        7: "ahead",
    }
    labels = {"done": "завершён", "current": "идёт сейчас", "ahead": "впереди"}
    for step in roadmap:
        block = step_block(html, step.number)
        state = expected_states[step.number]
        assert f'data-state="{state}"' in block
        assert labels[state] in block
        assert f"{step.starts_on:%d.%m.%Y}" in block
        assert f"{step.ends_on:%d.%m.%Y}" in block
        assert f"Шаг {step.number}. {step.title}" in block


def test_dates_are_written_dd_mm_yyyy(client, programme, roadmap, today):
    roadmap[0].starts_on = datetime.date(2020, 3, 1)
    roadmap[0].save()
    html = client.get(LANDING).content.decode()
    assert "01.03.2020" in step_block(html, 1)


def test_each_step_has_its_tasks_in_a_collapsible_block(client, programme, roadmap):
    block = step_block(client.get(LANDING).content.decode(), 3)
    assert 'data-bs-toggle="collapse"' in block
    assert 'class="collapse" id="step-3-tasks"' in block
    assert "Задача 3.1 шага" in block and "Задача 3.2 шага" in block
    assert "Задачи шага (2)" in block


def test_targets_appear_on_their_step_and_in_the_targets_section(client, programme, roadmap):
    html = client.get(LANDING).content.decode()
    assert "Семинары, всего: 20" in step_block(html, 2)
    assert 'id="targets"' in html
    assert "Участников круглого стола, не менее" in html


def test_the_hero_names_the_steps_under_way(client, programme, roadmap, today):
    html = client.get(LANDING).content.decode()
    hero = html.split('id="about"')[0] if 'id="about"' in html else html.split('id="conditions"')[0]
    assert "Сейчас идёт" in hero
    assert "Шаг 3. Отбор практик для конкурса" in hero
    assert "Шаг 4. Видеосюжеты" in hero


def test_programme_texts_are_escaped(client, programme):
    Programme.objects.filter(pk=programme.pk).update(
        goals="<script>alert(1)</script>", contacts='<img src=x onerror="alert(2)">'
    )
    html = client.get(LANDING).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html
    assert "<img src=x" not in html


def test_the_landing_shows_the_latest_published_news_only(client, programme, make_news):
    make_news(title="Опубликованная новость")
    make_news(title="Черновик новости", is_published=False, published_at=None)
    html = client.get(LANDING).content.decode()
    assert "Опубликованная новость" in html
    assert "Черновик новости" not in html


def test_the_landing_query_count_does_not_grow_with_steps_or_news(
    client, programme, roadmap, make_news, django_assert_max_num_queries
):
    for _ in range(5):
        make_news()
    with django_assert_max_num_queries(8):
        assert client.get(LANDING).status_code == 200


@pytest.mark.parametrize(
    ("role", "sees_edit"),
    [("anonymous", False), ("applicant", False), ("regional_a", False), ("federal", True)],
)
def test_only_federal_coordinators_get_the_edit_link(request, login, programme, role, sees_edit):
    user = request.getfixturevalue(role)
    html = login(user).get(LANDING).content.decode()
    assert (reverse("public:programme-edit") in html) is sees_edit


# --- Editing the landing texts ------------------------------------------------------------
EDIT = "/programme/edit/"


def test_a_federal_coordinator_edits_the_landing_texts(login, federal, programme):
    client = login(federal)
    assert client.get(EDIT).status_code == 200
    response = client.post(
        EDIT,
        {
            "organiser": "АНО «Ресурсный центр»",
            "summary": "Новое краткое описание.",
            "goals": "Цели",
            "tasks": "Задача один\nЗадача два",
            "conditions": "Условия",
            "contacts": "info@example.org",
        },
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.summary == "Новое краткое описание."
    assert programme.task_lines == ["Задача один", "Задача два"]
    assert "Новое краткое описание." in client.get(LANDING).content.decode()


def test_a_missing_organiser_is_reported_and_the_typed_texts_stay(login, federal, programme):
    response = login(federal).post(
        EDIT, {"organiser": "", "summary": "Черновик описания", "goals": "Цели"}
    )
    assert response.status_code == 200
    assert "Обязательное поле." in response.content.decode()
    assert "Черновик описания" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [("applicant", 403), ("expert", 403), ("regional_a", 403)],
)
def test_other_roles_may_not_edit_the_landing_texts(request, login, programme, role, status):
    user = request.getfixturevalue(role)
    assert login(user).get(EDIT).status_code == status
    assert login(user).post(EDIT, {"summary": "x"}).status_code == status


def test_an_anonymous_visitor_is_sent_to_log_in_for_editing(client, programme):
    response = client.get(EDIT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
