"""Rows of the later steps for the scale bench: video stories, contest entries and letters.

    pilot:    20 stories,  50 entries,  1 mailing per site with 40 letters each
    national: 200 stories, 1,000 entries, the same per site (89 sites: 3,560 letters)

Added to the programme that data.py builds, in bulk, in the same deterministic way; the
returned ids go into the manifest for pages.py. Numbers follow the national programme the
issues name (200 stories, 1,000 entries).
"""

from __future__ import annotations

import datetime
from typing import Any

STORIES = {"pilot": 20, "national": 200}
ENTRIES = {"pilot": 50, "national": 1_000}
LETTERS_PER_SITE = 40


def _model(label: str, name: str) -> Any:
    from django.apps import apps

    return apps.get_model(label, name)


def generate(scale_name: str, programme, sites, questionnaires, today) -> dict[str, Any]:
    """Stories, entries and letters of every site; the ids pages.py needs."""
    published = [q for q in questionnaires if q.published_at is not None]
    by_region: dict[int, list[Any]] = {}
    for questionnaire in published:
        by_region.setdefault(questionnaire.organisation.region_id, []).append(questionnaire)
    story = _stories(STORIES[scale_name], programme, sites, by_region, today)
    entry = _entries(ENTRIES[scale_name], programme, sites, by_region, today)
    mailing = _letters(programme, sites, today)
    return {"story": story, "entry": entry, "mailing": mailing}


def _stories(count, programme, sites, by_region, today) -> int:
    from django.utils import timezone

    Story = _model("videos", "Story")  # noqa: N806
    StoryPractice = _model("videos", "StoryPractice")  # noqa: N806
    states = [value for value, _label in Story._meta.get_field("state").choices]
    now = timezone.now()
    rows = []
    for n in range(count):
        site = sites[n % len(sites)]
        state = states[n % len(states)]
        rows.append(
            Story(
                programme=programme,
                pilot_site=site,
                number=n // len(sites) + 1,
                title=f"Сюжет {n + 1}: как работает практика площадки",
                synopsis="О чём сюжет: участники, партнёры, результат. " * 4,
                state=state,
                release_on=today + datetime.timedelta(days=n % 90 - 30)
                if state in ("scheduled", "published")
                else None,
                published_at=now - datetime.timedelta(days=n % 30)
                if state == "published"
                else None,
                state_changed_at=now,
            )
        )
    stories = Story.objects.bulk_create(rows)
    StoryPractice.objects.bulk_create(
        StoryPractice(story=story, questionnaire=practices[0], position=1)
        for story in stories
        if (practices := by_region.get(story.pilot_site.region_id))
    )
    return next(s.pk for s in stories if s.pilot_site_id == sites[0].pk)


def _entries(count, programme, sites, by_region, today) -> int:
    from django.utils import timezone

    Contest = _model("contest", "Contest")  # noqa: N806
    Nomination = _model("contest", "Nomination")  # noqa: N806
    Entry = _model("contest", "Entry")  # noqa: N806
    now = timezone.now()
    contest = Contest.objects.create(
        programme=programme,
        organiser="Федеральное агентство по делам национальностей",
        entries_open_on=today - datetime.timedelta(days=20),
        deadline=now + datetime.timedelta(days=40),
    )
    nominations = Nomination.objects.bulk_create(
        Nomination(contest=contest, title=title, is_special=n == 0, position=n)
        for n, title in enumerate(
            (
                "Участники проекта «Ресурсная среда»",
                "Межнациональный диалог",
                "Культурное наследие народов России",
                "Адаптация мигрантов",
            )
        )
    )
    states = ["draft", "submitted", "returned", "checked", "sent"]
    rows = []
    taken: set[tuple[int, int]] = set()
    for n in range(count):
        site = sites[n % len(sites)]
        practices = by_region.get(site.region_id) or []
        if not practices:
            continue
        questionnaire = practices[(n // len(sites)) % len(practices)]
        nomination = nominations[(n // len(sites) // max(len(practices), 1)) % len(nominations)]
        if (questionnaire.pk, nomination.pk) in taken:
            continue
        taken.add((questionnaire.pk, nomination.pk))
        state = states[n % len(states)]
        rows.append(
            Entry(
                contest=contest,
                nomination=nomination,
                questionnaire=questionnaire,
                organisation=questionnaire.organisation,
                region_id=site.region_id,
                pilot_site=site,
                state=state,
                title=questionnaire.title,
                municipality_id=questionnaire.municipality_id,
                direction_id=questionnaire.direction_id,
                contact_name=questionnaire.contact_name,
                contact_email=questionnaire.contact_email,
                submitted_at=None if state == "draft" else now,
                checked_at=now if state in ("checked", "sent") else None,
                sent_on=today if state == "sent" else None,
                state_changed_at=now,
            )
        )
    entries = Entry.objects.bulk_create(rows)
    return next(e.pk for e in entries if e.pilot_site_id == sites[0].pk)


def _letters(programme, sites, today) -> int:
    from django.utils import timezone

    Letterhead = _model("letters", "Letterhead")  # noqa: N806
    Mailing = _model("letters", "Mailing")  # noqa: N806
    Letter = _model("letters", "Letter")  # noqa: N806
    now = timezone.now()
    heads = Letterhead.objects.bulk_create(
        Letterhead(
            pilot_site=site,
            organisation=site.centre.name,
            requisites="ул. Дружбы, 1",
            number_prefix=f"РЦ-{site.region.code}",
        )
        for site in sites
    )
    mailings = Mailing.objects.bulk_create(
        Mailing(
            programme=programme,
            letterhead=head,
            region_id=site.region_id,
            kind="invitation",
            title=f"Приглашения на семинар ({site.region.name})",
            subject="Приглашение на семинар",
            body="Уважаемые коллеги! Приглашаем вас на семинар. " * 5,
            state="done",
            total=LETTERS_PER_SITE,
            started_at=now,
            finished_at=now,
        )
        for head, site in zip(heads, sites, strict=True)
    )
    Letter.objects.bulk_create(
        (
            Letter(
                mailing=mailing,
                letterhead=mailing.letterhead,
                year=today.year,
                number=n + 1,
                registered_on=today,
                kind="invitation",
                person=f"Адресатов Андрей {n}",
                position="Руководитель",
                organisation=f"НКО «Дружба {n}»",
                email=f"a{mailing.pk}-{n}@bench.example.org",
                subject=mailing.subject,
                body=mailing.body,
                delivery="sent",
                attempted_at=now,
                sent_at=now,
            )
            for mailing in mailings
            for n in range(LETTERS_PER_SITE)
        ),
        batch_size=2000,
    )
    return mailings[0].pk
