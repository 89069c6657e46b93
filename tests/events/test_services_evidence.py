"""The report gate's words: the videobridge's checklist item by item, and the refusal naming
how many items are missing (1 пункта, 2 пунктов, 5 пунктов)."""

from __future__ import annotations

import datetime

import pytest

from events import services
from events.models import (
    Event,
    EventKind,
    EventState,
    Registration,
    RegistrationStatus,
    RunningOrderSlot,
)
from tests.events.conftest import complete_evidence

pytestmark = pytest.mark.django_db

BRIDGE_CHECKLIST = [
    "Отметьте, какие пилотные площадки подключились.",
    "Заполните порядок выступлений так, как он прошёл.",
    "Добавьте ссылку на запись видеомоста.",
    "Приложите скриншот или выгрузку участников с платформы.",
    "Напишите обобщение опыта.",
    "Напишите текст отчёта.",
]


def test_the_videobridges_checklist_shrinks_item_by_item(make_event, federal, site_a, site_b):
    bridge = make_event(kind=EventKind.VIDEOBRIDGE, by=federal)
    assert services.missing_evidence(bridge) == BRIDGE_CHECKLIST
    bridge.bridge_sites.filter(pilot_site=site_a).update(connected=True)
    assert services.missing_evidence(bridge) == BRIDGE_CHECKLIST[1:]
    RunningOrderSlot.objects.create(
        event=bridge,
        starts_at=datetime.time(11, 0),
        ends_at=datetime.time(11, 10),
        speaker="РРЦ Татарстана",
        pilot_site=site_a,
    )
    assert services.missing_evidence(bridge) == BRIDGE_CHECKLIST[2:]
    steps = [
        {"recording_link": "https://video.example/bridge"},
        {"platform_evidence": "events/platform/uchastniki.png"},
        {"experience_summary": "Площадки поделились опытом."},
        {"report_text": "Видеомост прошёл."},
    ]
    for done, fields in enumerate(steps, start=3):
        Event.objects.filter(pk=bridge.pk).update(**fields)
        bridge = Event.objects.get(pk=bridge.pk)
        assert services.missing_evidence(bridge) == BRIDGE_CHECKLIST[done:], fields
    assert services.missing_evidence(bridge) == []


def test_blank_texts_count_as_missing(make_event, federal, site_a):
    bridge = make_event(kind=EventKind.VIDEOBRIDGE, by=federal)
    bridge.bridge_sites.update(connected=True)
    Event.objects.filter(pk=bridge.pk).update(experience_summary="  \n", report_text=" ")
    missing = services.missing_evidence(Event.objects.get(pk=bridge.pk))
    assert missing[-2:] == BRIDGE_CHECKLIST[-2:]


@pytest.mark.parametrize(("count", "words"), [(1, "1 пункта"), (2, "2 пунктов"), (5, "5 пунктов")])
def test_the_refusal_says_how_many_items_are_missing(count, words):
    error = services.EvidenceMissingError([f"Пункт {i}" for i in range(count)])
    assert error.message == (f"Отчёт пока нельзя отправить: не хватает {words} — см. список ниже.")
    assert error.missing == [f"Пункт {i}" for i in range(count)]


def test_a_held_seminar_without_evidence_is_refused_with_four_items(make_event, regional_a):
    event = make_event(state=EventState.HELD)
    with pytest.raises(services.EvidenceMissingError) as caught:
        services.event_report_submit(event=event, by=regional_a)
    assert str(caught.value) == (
        "Отчёт пока нельзя отправить: не хватает 4 пунктов — см. список ниже."
    )


SEMINAR_CHECKLIST = [
    "Загрузите сканы подписанных листов регистрации.",
    "Загрузите хотя бы одну фотографию.",
    "Отметьте присутствовавших по листу и подтвердите сверку посещаемости.",
    "Напишите текст отчёта.",
]


def test_a_held_seminars_checklist_in_the_checklists_words(make_event):
    assert services.missing_evidence(make_event(state=EventState.HELD)) == SEMINAR_CHECKLIST


def test_a_round_tables_mix_counts_the_registered_then_those_who_came(make_event, regional_a):
    event = make_event(state=EventState.ANNOUNCED, kind=EventKind.ROUND_TABLE)
    people = {}
    for category in ("executive", "media", "science"):
        people[category] = services.registration_create(
            event=event,
            full_name=f"Участник {category}",
            email=f"{category}@example.org",
            category=category,
            consent_personal_data=True,
        )
    # On the waiting list: not (yet) part of the mix.
    Registration.objects.filter(pk=people["science"].pk).update(status=RegistrationStatus.WAITING)
    assert services.missing_categories(event) == [
        "Муниципальное образование",
        "НКО",
        "Научное сообщество",
    ]
    # Once attendance is marked, only those who came count: the journalist did not.
    Registration.objects.filter(pk=people["executive"].pk).update(attended=True)
    assert services.missing_categories(event) == [
        "Муниципальное образование",
        "НКО",
        "Научное сообщество",
        "СМИ",
    ]


def test_a_round_tables_results_in_the_checklists_words(make_event, regional_a):
    event = complete_evidence(
        make_event(state=EventState.HELD, kind=EventKind.ROUND_TABLE), regional_a
    )
    assert services.missing_evidence(event) == [
        "Запишите основные выводы круглого стола.",
        "Приложите резолюцию круглого стола (текст или файл).",
    ]
    Event.objects.filter(pk=event.pk).update(resolution_file="events/resolutions/r.pdf")
    event = Event.objects.get(pk=event.pk)
    assert services.missing_evidence(event) == ["Запишите основные выводы круглого стола."]
    Event.objects.filter(pk=event.pk).update(conclusions="Нужен совет.")
    assert services.missing_evidence(Event.objects.get(pk=event.pk)) == []
