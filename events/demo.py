"""Demo events for ``manage.py demo_data``: every state, registrations, photos and feedback.

Events pass through the same services as on the site. A held event needs a date in the past
and an announcement a date in the future, so the loader announces with a future date and then
moves the date back, as the calendar would.
"""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from events import public_page, services
from events.models import (
    CATEGORIES_BY_KIND,
    Event,
    EventKind,
    EventState,
    FeedbackQuestion,
    ParticipantCategory,
    RunningOrderSlot,
)
from practices import selectors as practice_selectors
from resursnaya_sreda.accounts.models import Role, User
from resursnaya_sreda.kernel import localtime
from resursnaya_sreda.kernel.models import Municipality, PilotSite, Programme
from resursnaya_sreda.kernel.uploads import IMAGES, SCANS, check_upload

FEDERAL = "federal@example.org"
# The past seminar of each site ends in one of these, in turn, so every state is on show.
PAST_STATES = (
    EventState.REPORT_ACCEPTED,
    EventState.REPORT_SUBMITTED,
    EventState.HELD,
    EventState.REPORT_RETURNED,
)


def _picture(seed: int, *, name: str) -> SimpleUploadedFile:
    colours = ((29, 78, 137), (198, 93, 40), (46, 125, 50), (123, 31, 162))
    image = Image.new("RGB", (960, 640), colours[seed % len(colours)])
    draw = ImageDraw.Draw(image)
    for n in range(5):
        draw.ellipse((80 + n * 170, 220, 200 + n * 170, 340), fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile(name, buffer.getvalue(), "image/jpeg")


def _shift(event: Event, days: int) -> Event:
    """Move the event to another day, keeping its local hours (as the calendar would)."""
    return shift_event(event, timezone.localdate() + datetime.timedelta(days=days))


def shift_event(event: Event, day: datetime.date) -> Event:
    """The event on ``day`` at the same local hours; demo and tests move time this way."""
    zone = event.zone
    Event.objects.filter(pk=event.pk).update(
        date=day,
        starts_at=localtime.combine(day, event.start_time, zone),
        ends_at=localtime.combine(day, event.end_time, zone),
    )
    public_page.forget_event(event.pk)  # an update() sends no post_save
    return Event.objects.select_related("pilot_site__region").get(pk=event.pk)


SURNAMES = (
    "Алиев Рустам Маратович",
    "Борисова Анна Петровна",
    "Гаджиева Патимат Саидовна",
    "Дмитриев Олег Иванович",
    "Ермакова Лилия Рашидовна",
    "Закиров Ильдар Фаридович",
    "Иванова Мария Сергеевна",
    "Кадырова Аминат Руслановна",
    "Лебедев Павел Андреевич",
    "Мусин Тимур Ринатович",
    "Назарова Ольга Викторовна",
    "Оганесян Арам Сергеевич",
    "Петренко Юлия Олеговна",
    "Рахимов Азат Ильдусович",
    "Сафина Динара Айдаровна",
    "Тарасов Кирилл Игоревич",
    "Умарова Зарина Ахмедовна",
    "Фёдорова Елена Николаевна",
    "Хасанов Марат Ренатович",
    "Цой Виктория Алексеевна",
    "Чернов Андрей Павлович",
    "Шамсутдинова Гульнар Рифовна",
    "Эминов Руслан Тагирович",
    "Юсупова Алсу Маратовна",
    "Яковлев Денис Сергеевич",
    "Абдуллина Регина Ильдаровна",
    "Белялов Эдем Рустемович",
    "Власова Ирина Михайловна",
    "Гусейнов Эльдар Рафикович",
    "Дорджиева Байрта Очировна",
    "Егорова Светлана Викторовна",
    "Жамбалов Баир Цыренович",
)
ORGANISATIONS = {
    "ethno_leader": "Национально-культурная автономия",
    "ethno_activist": "Молодёжный клуб этнокультурного объединения",
    "ngo": "Дом дружбы народов",
    "municipality": "Администрация района",
    "executive": "Министерство по делам национальностей",
    "science": "Университет, кафедра этнологии",
    "media": "Газета «Вести»",
    "other": "Библиотека",
}


def _register_people(event: Event, count: int) -> None:
    categories = CATEGORIES_BY_KIND.get(event.kind, (ParticipantCategory.OTHER,))
    for index in range(count):
        category = categories[index % len(categories)]
        services.registration_create(
            event=event,
            full_name=SURNAMES[index % len(SURNAMES)],
            organisation=ORGANISATIONS[category],
            category=category,
            email=f"demo.participant{index}.{event.pk}@example.org",
            consent_personal_data=True,
            consent_photo=index % 3 != 2,
            notify=False,
        )


def _hold_with_evidence(event: Event, regional: User, seed: int) -> Event:
    """Announced → held, attendance reconciled, a scan, photos, feedback and the report text."""
    event = _shift(event, -1 - seed % 12)
    services.event_mark_held(event=event, by=regional)
    people = list(event.registrations.order_by("pk"))
    services.attendance_set(
        event=event, by=regional, attended_ids={p.pk for p in people[: max(len(people) - 1, 1)]}
    )
    services.walk_in_add(
        event=event, by=regional, full_name="Пришедший Без Регистрации", consent_photo=True
    )
    scan = _picture(seed, name="лист-регистрации.jpg")
    services.scan_add(event=event, by=regional, upload=check_upload(scan, kinds=SCANS))
    attendees = list(event.registrations.filter(attended=True))
    for n in range(2):
        services.photo_add(
            event=event,
            by=regional,
            upload=check_upload(_picture(seed + n, name=f"фото-{n + 1}.jpg"), kinds=IMAGES),
            caption="Работа в группах" if n else "Открытие",
            people=attendees[n : n + 2],
        )
    questions = list(FeedbackQuestion.objects.filter(kind=event.kind, is_active=True))
    for n, person in enumerate(attendees[:3]):
        services.feedback_submit(
            registration=person,
            ratings={q.pk: 5 - (n + q.pk) % 2 for q in questions if q.is_rating},
            texts={
                q.pk: "Больше примеров из других регионов." for q in questions if not q.is_rating
            },
        )
    services.event_report_save(
        event=event,
        by=regional,
        text="Мероприятие прошло по программе. Участники обсудили лучшие практики и "
        "договорились о совместных проектах.",
    )
    if event.is_round_table:
        services.event_results_save(
            event=event,
            by=regional,
            data={
                "invited": "\n".join(
                    f"{name}, {organisation}"
                    for name, organisation in zip(SURNAMES, ORGANISATIONS.values(), strict=False)
                ),
                "conclusions": "Нужна постоянная площадка для диалога власти и НКО.",
                "resolution_text": "Рекомендовать администрациям включить практики в планы.",
            },
        )
    return Event.objects.get(pk=event.pk)


def _finish(event: Event, state: str, regional: User, federal: User | None) -> None:
    if state == EventState.HELD or federal is None:
        return
    services.event_report_submit(event=event, by=regional)
    if state == EventState.REPORT_ACCEPTED:
        services.event_report_accept(event=event, by=federal, acknowledge_shortfall=True)
    elif state == EventState.REPORT_RETURNED:
        services.event_report_return(
            event=event, by=federal, message="Добавьте выводы и подписи к фотографиям."
        )


def _event(site: PilotSite, regional: User, title: str, **data: object) -> Event | None:
    if Event.objects.filter(pilot_site=site, title=title).exists():
        return None
    municipality = Municipality.objects.filter(region=site.region).order_by("name").first()
    practice = None
    if data.get("kind", EventKind.SEMINAR) == EventKind.SEMINAR:
        practice = practice_selectors.hostable_practices(site).first()
        if practice is None:
            return None  # a seminar is held with a best practice; this region has none yet
    fields = {
        "kind": EventKind.SEMINAR,
        "title": title,
        "description": "Знакомство с лучшими муниципальными практиками межнационального мира.",
        "date": timezone.localdate() + datetime.timedelta(days=30),
        "start_time": datetime.time(10, 0),
        "end_time": datetime.time(16, 0),
        "venue": "Дом дружбы народов",
        "address": f"{site.region.name}, ул. Дружбы, 1",
        "municipality": municipality,
        "practice": practice,
        "partner_administration": f"Администрация: {municipality.name}" if municipality else "",
        "capacity": 40,
        **data,
    }
    event = services.event_create(by=regional, pilot_site=site, data=fields)
    for hour, topic, speaker in (
        (10, "Открытие, знакомство", "Руководитель регионального ресурсного центра"),
        (11, "Презентация лучшей практики", "Автор практики"),
        (14, "Работа в группах", "Модераторы"),
    ):
        event.agenda.create(starts_at=datetime.time(hour, 0), title=topic, speaker=speaker)
    if event.is_seminar:
        event.support.create(text="Зал на 40 мест и проектор", is_confirmed=True)
        event.support.create(text="Информирование руководителей учреждений")
    return event


def populate(programme: Programme) -> None:
    """Two seminars and a round table per pilot site, and the final videobridge."""
    federal = User.objects.filter(email=FEDERAL).first()
    sites = list(programme.pilot_sites.select_related("region").order_by("region__name"))
    held = 0
    for index, site in enumerate(sites):
        regional = User.objects.filter(
            memberships__role=Role.REGIONAL, memberships__pilot_site=site
        ).first()
        if regional is None:
            continue
        past = _event(site, regional, f"Семинар «Практики диалога»: {site.region.name}")
        if past is not None:
            services.event_announce(event=past, by=regional)
            # One report of the demo is below the minimum, to show how it is flagged.
            _register_people(past, 9 if held == 1 else 17)
            past = _hold_with_evidence(past, regional, index)
            _finish(past, PAST_STATES[held % len(PAST_STATES)], regional, federal)
            held += 1
        upcoming = _event(
            site,
            regional,
            f"Семинар «Молодёжь и единство»: {site.region.name}",
            date=timezone.localdate() + datetime.timedelta(days=14 + index),
        )
        if upcoming is not None:
            services.event_announce(event=upcoming, by=regional)
            _register_people(upcoming, 4)
        table = _event(
            site,
            regional,
            f"Круглый стол «Власть и НКО»: {site.region.name}",
            kind=EventKind.ROUND_TABLE,
            out_of_window_reason="Проводится раньше шага 6: администрация региона совместила "
            "круглый стол с форумом национальных объединений.",
        )
        if table is not None and index % 2 == 0:
            services.event_announce(event=table, by=regional)
            _register_people(table, 31)
            table = _hold_with_evidence(table, regional, index + 1)
            _finish(table, EventState.REPORT_ACCEPTED, regional, federal)
    _videobridge(programme, sites, federal)


def _videobridge(programme: Programme, sites: list[PilotSite], federal: User | None) -> None:
    if not sites or federal is None:
        return
    title = "Итоговый видеомост «Ресурсная среда»"
    if Event.objects.filter(programme=programme, kind=EventKind.VIDEOBRIDGE).exists():
        return
    step = programme.steps.filter(number=7).first()
    day = step.starts_on + datetime.timedelta(days=3) if step else timezone.localdate()
    event = services.event_create(
        by=federal,
        pilot_site=None,
        programme=programme,
        data={
            "kind": EventKind.VIDEOBRIDGE,
            "title": title,
            "description": "Региональные ресурсные центры и НКО, чьи практики поддержаны в ходе "
            "конкурса, делятся опытом; федеральный центр подводит итоги программы.",
            "registration_mode": "free",
            "online_link": "https://meet.example.org/resursnaya-sreda",
            "date": day,
            "start_time": datetime.time(11, 0),
            "end_time": datetime.time(13, 0),
        },
    )
    start = datetime.datetime.combine(timezone.localdate(), datetime.time(11, 0))
    for n, site in enumerate(sites):
        RunningOrderSlot.objects.create(
            event=event,
            pilot_site=site,
            starts_at=(start + datetime.timedelta(minutes=10 * n)).time(),
            ends_at=(start + datetime.timedelta(minutes=10 * n + 10)).time(),
            speaker=f"Региональный ресурсный центр: {site.region.name}",
            organisation=site.centre.name,
        )
    services.event_announce(event=event, by=federal)
