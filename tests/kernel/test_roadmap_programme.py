"""The roadmap seed, ``create_programme`` and the programme services."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from resursnaya_sreda.kernel import roadmap_seed, services
from resursnaya_sreda.kernel.models import (
    OrganisationKind,
    Programme,
    Responsible,
    RoadmapStep,
    RoadmapTask,
    Target,
    TargetCode,
)
from tests.factories import OrganisationFactory, region

pytestmark = pytest.mark.django_db

D = datetime.date

SEED_DATES = {
    1: (D(2020, 3, 1), D(2020, 5, 31)),
    2: (D(2020, 4, 1), D(2020, 6, 30)),
    3: (D(2020, 4, 1), D(2020, 6, 30)),
    4: (D(2020, 6, 1), D(2020, 9, 30)),
    5: (D(2020, 5, 1), D(2020, 9, 30)),
    6: (D(2020, 10, 1), D(2020, 11, 30)),
    7: (D(2020, 11, 15), D(2020, 11, 30)),
}
SEED_TASKS = {1: 10, 2: 7, 3: 2, 4: 4, 5: 1, 6: 8, 7: 0}
SEED_TARGETS = {
    TargetCode.BEST_PRACTICES: 20,
    TargetCode.SEMINARS: 20,
    TargetCode.SEMINARS_PER_SITE: 2,
    TargetCode.SEMINAR_PARTICIPANTS: 15,
    TargetCode.CONTEST_PRACTICES_PER_SITE: 2,
    TargetCode.VIDEO_STORIES: 10,
    TargetCode.VIDEO_STORIES_PER_SITE: 1,
    TargetCode.VIDEO_PRACTICES_PER_STORY: 2,
    TargetCode.CONTEST_ENTRIES_PER_SITE: 2,
    TargetCode.ROUND_TABLES: 10,
    TargetCode.ROUND_TABLE_PARTICIPANTS: 30,
    TargetCode.VIDEOBRIDGE: 1,
}


def _create_2020() -> Programme:
    call_command("create_programme")
    return Programme.objects.get(title="Ресурсная среда — 2020")


def test_seed_covers_every_target_code_once():
    assert roadmap_seed.targets() == {str(code): value for code, value in SEED_TARGETS.items()}
    assert set(roadmap_seed.targets()) == set(TargetCode.values)


def test_seed_tasks_quote_the_source_document():
    texts = [task.text for step in roadmap_seed.STEPS for task in step.tasks]
    assert "Разработаны критерии отбора." in texts
    assert "Согласована площадка проведения." in texts
    assert all(
        task.responsible in Responsible.values for s in roadmap_seed.STEPS for task in s.tasks
    )


def test_create_programme_builds_the_2020_cycle_with_seven_steps_and_seed_dates():
    programme = _create_2020()
    assert programme.year == 2020
    steps = {s.number: (s.starts_on, s.ends_on) for s in programme.steps.all()}
    assert steps == SEED_DATES


def test_create_programme_writes_every_numbered_task_of_each_step():
    programme = _create_2020()
    counts = {s.number: s.tasks.count() for s in programme.steps.all()}
    assert counts == SEED_TASKS
    first = RoadmapTask.objects.get(step__programme=programme, step__number=1, number=1)
    assert first.text == "Сформирована команда проекта и составлен план-график проекта."


def test_create_programme_assigns_responsibility_from_the_text():
    programme = _create_2020()
    letters = RoadmapTask.objects.get(step__programme=programme, step__number=1, number=5)
    criteria = RoadmapTask.objects.get(step__programme=programme, step__number=1, number=8)
    assert letters.responsible == Responsible.PILOT_SITE
    assert criteria.responsible == Responsible.FEDERAL


def test_create_programme_writes_the_targets_with_their_steps():
    programme = _create_2020()
    values = dict(programme.targets.values_list("code", "value"))
    assert values == {str(code): value for code, value in SEED_TARGETS.items()}
    seminars = Target.objects.get(programme=programme, code=TargetCode.SEMINARS)
    assert seminars.step.number == 2
    assert Target.objects.get(programme=programme, code=TargetCode.VIDEOBRIDGE).step.number == 7


def test_create_programme_fills_the_landing_texts_without_personal_data():
    programme = _create_2020()
    assert "Ресурсная среда" in programme.summary
    assert len(programme.task_lines) >= 5
    assert programme.conditions and programme.goals
    assert "+7" not in programme.contacts and "8 (" not in programme.contacts


def test_create_programme_twice_reports_and_changes_nothing(capsys):
    _create_2020()
    call_command("create_programme")
    assert "уже существует" in capsys.readouterr().out
    assert Programme.objects.count() == 1
    assert RoadmapStep.objects.count() == 7


def test_create_programme_options_set_title_year_start_and_current():
    call_command(
        "create_programme", "--title=Пилот", "--year=2027", "--start=15.02.2027", "--current"
    )
    programme = Programme.objects.get(title="Пилот")
    assert programme.year == 2027 and programme.is_current
    step1 = programme.steps.get(number=1)
    assert step1.starts_on == D(2027, 2, 15)


def test_programme_from_seed_keeps_durations_and_gaps_when_moved():
    programme = services.programme_create_from_seed(
        title="Сдвинутая", year=2030, start=D(2030, 1, 10)
    )
    seed_start = SEED_DATES[1][0]
    for step in programme.steps.all():
        seed_from, seed_to = SEED_DATES[step.number]
        assert step.starts_on - D(2030, 1, 10) == seed_from - seed_start
        assert step.ends_on - step.starts_on == seed_to - seed_from


def test_programme_from_seed_starts_on_1_march_by_default():
    programme = services.programme_create_from_seed(title="Т", year=2031)
    assert programme.steps.get(number=1).starts_on == D(2031, 3, 1)
    assert programme.steps.get(number=7).ends_on == D(2031, 11, 30)


def test_make_current_steps_the_previous_programme_down():
    old = services.programme_create_from_seed(title="Старая", year=2020, make_current=True)
    new = services.programme_create_from_seed(title="Новая", year=2021, make_current=True)
    old.refresh_from_db()
    assert new.is_current and not old.is_current


def test_programme_from_seed_refuses_a_taken_title():
    services.programme_create_from_seed(title="Одна", year=2020)
    with pytest.raises(ValidationError, match="Программа с таким Название уже"):
        services.programme_create_from_seed(title="Одна", year=2021)
    assert Programme.objects.filter(title="Одна").count() == 1


def test_seed_roadmap_is_idempotent():
    programme = services.programme_create_from_seed(title="И", year=2020)
    services.programme_seed_roadmap(programme=programme, start=D(2020, 3, 1))
    assert programme.steps.count() == 7
    assert RoadmapTask.objects.filter(step__programme=programme).count() == sum(SEED_TASKS.values())
    assert programme.targets.count() == len(SEED_TARGETS)


def _source_with_sites() -> Programme:
    source = services.programme_create_from_seed(title="Ресурсная среда — 2020", year=2020)
    for code in ("16", "05"):
        centre = OrganisationFactory(kind=OrganisationKind.RESOURCE_CENTRE, region=region(code))
        services.pilot_site_create(programme=source, region=region(code), centre=centre)
    return source


def test_programme_copy_moves_dates_to_the_same_days_of_the_new_year():
    source = _source_with_sites()
    copy = services.programme_copy(source=source, title="Ресурсная среда — 2021", year=2021)
    steps = {s.number: (s.starts_on, s.ends_on) for s in copy.steps.all()}
    assert steps == {
        n: (a.replace(year=2021), b.replace(year=2021)) for n, (a, b) in SEED_DATES.items()
    }


def test_programme_copy_shifts_dates_by_days_when_asked():
    source = _source_with_sites()
    copy = services.programme_copy(source=source, title="Копия", year=2020, shift_days=10)
    assert copy.steps.get(number=1).starts_on == D(2020, 3, 11)
    assert copy.steps.get(number=7).ends_on == D(2020, 12, 10)


def test_programme_copy_copies_tasks_targets_texts_and_pilot_sites():
    source = _source_with_sites()
    copy = services.programme_copy(source=source, title="Ресурсная среда — 2021", year=2021)
    assert RoadmapTask.objects.filter(step__programme=copy).count() == sum(SEED_TASKS.values())
    assert dict(copy.targets.values_list("code", "value")) == dict(
        source.targets.values_list("code", "value")
    )
    assert all(t.step.programme_id == copy.pk for t in copy.targets.select_related("step"))
    assert set(copy.pilot_sites.values_list("region__code", "centre")) == set(
        source.pilot_sites.values_list("region__code", "centre")
    )
    assert copy.summary == source.summary
    assert not copy.is_current
    # The source cycle is untouched.
    assert source.steps.get(number=1).starts_on == D(2020, 3, 1)
    assert source.pilot_sites.count() == 2


def test_pilot_site_create_refuses_a_centre_from_another_region():
    programme = services.programme_create_from_seed(title="П", year=2020)
    centre = OrganisationFactory(kind=OrganisationKind.RESOURCE_CENTRE, region=region("05"))
    with pytest.raises(ValidationError, match="Ресурсный центр должен находиться в") as error:
        services.pilot_site_create(programme=programme, region=region("16"), centre=centre)
    assert "centre" in error.value.message_dict
    assert programme.pilot_sites.count() == 0


def test_pilot_site_create_refuses_the_same_region_twice():
    programme = services.programme_create_from_seed(title="П", year=2020)
    centre = OrganisationFactory(kind=OrganisationKind.RESOURCE_CENTRE, region=region("16"))
    services.pilot_site_create(programme=programme, region=region("16"), centre=centre)
    with pytest.raises(ValidationError, match="Пилотная площадка с такими значениями"):
        services.pilot_site_create(programme=programme, region=region("16"), centre=centre)
    assert programme.pilot_sites.count() == 1
