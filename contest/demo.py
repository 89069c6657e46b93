"""Demo data of step 5 for ``manage.py demo_data``: the contest with its special nomination and
the organiser's form, entries of every site in every state (with remarks, checks, packages and
results), and the methodological collection: a published edition with a dozen chapters and a
draft edition whose chapters are with their organisations.

Everything is walked through the services, with letters muted, so each record has its history.
Idempotent: if the programme already has its contest, nothing is added.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from contest import services
from contest.models import (
    CheckItem,
    Consent,
    Contest,
    EntryQuestion,
    FileKinds,
    Nomination,
    PrefillSource,
    Result,
)
from practices.models import (
    REVIEWABLE_STATES,
    Outcome,
    PilotPractice,
    PilotPracticeState,
    Questionnaire,
    SupportEntry,
    SupportKind,
)
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.accounts.models import Membership, Role, User
from resursnaya_sreda.kernel import mail
from resursnaya_sreda.kernel.models import Programme
from resursnaya_sreda.kernel.questions import QuestionKind
from resursnaya_sreda.kernel.uploads import SCANS, PortalFileField

FEDERAL = "federal@example.org"
APPLICANT = "applicant@example.org"

NOMINATIONS = (
    (
        "Участники проекта «Ресурсная среда»",
        True,
        "Специальная номинация для практик, отобранных пилотными площадками проекта.",
    ),
    ("Межнациональный диалог и гармонизация отношений", False, ""),
    ("Сохранение культурного наследия народов России", False, ""),
    ("Социальная и культурная адаптация мигрантов", False, ""),
)

QUESTIONS = (
    # text, kind, source, limit, required
    (
        "Актуальность: на какую проблему отвечает практика",
        QuestionKind.TEXT,
        PrefillSource.PROBLEM,
        1500,
        True,
    ),
    ("Цель и задачи практики", QuestionKind.TEXT, PrefillSource.GOALS, 1500, True),
    ("Целевая аудитория", QuestionKind.TEXT, PrefillSource.TARGET_GROUPS, 800, True),
    (
        "Число участников практики за последний год, человек",
        QuestionKind.NUMBER,
        PrefillSource.PEOPLE_REACHED,
        None,
        True,
    ),
    ("Сроки реализации", QuestionKind.TEXT, PrefillSource.PERIOD, 255, True),
    ("Партнёры практики", QuestionKind.TEXT, PrefillSource.PARTNERS, 1500, False),
    ("Ресурсное обеспечение", QuestionKind.TEXT, PrefillSource.RESOURCES, 1000, True),
    (
        "Количественные результаты",
        QuestionKind.TEXT,
        PrefillSource.RESULTS_QUANTITATIVE,
        1500,
        True,
    ),
    ("Качественные результаты", QuestionKind.TEXT, PrefillSource.RESULTS_QUALITATIVE, 1500, True),
    ("Возможность тиражирования", QuestionKind.TEXT, PrefillSource.REPLICATION, 1500, True),
    ("Публикации о практике (ссылки)", QuestionKind.TEXT, PrefillSource.MEDIA_LINKS, 1000, False),
    ("Планы развития практики на следующий год", QuestionKind.TEXT, "", 1000, True),
    ("Бюджет практики за последний год, рублей", QuestionKind.NUMBER, "", None, False),
)

REQUIREMENTS = (
    # title, kinds, MB, required, consent, support letter
    ("Письмо поддержки регионального ресурсного центра", FileKinds.SCANS, 5, True, False, True),
    (
        "Согласие руководителя практики на обработку персональных данных",
        FileKinds.SCANS,
        5,
        True,
        True,
        False,
    ),
    ("Презентация практики", FileKinds.PRESENTATION, 20, False, False, False),
    ("Фотография практики", FileKinds.IMAGES, 10, False, False, False),
)

# What happens to the special-nomination entries of the step-3 practices, site by site (the
# site of regional@example.org first, whose entry comes back with remarks).
PLAN = (
    "returned",
    "result-winner",
    "result-prize",
    "result-participant",
    "checked",
    "result-participant",
    "sent",
    "result-participant",
    "draft",
    "result-participant",
    "result-prize",
    "result-participant",
    "result-participant",
    "result-participant",
    "submitted",
    "result-participant",
    "checked",
    "draft",
    "result-participant",
    "sent",
)

FOREWORD = (
    "Этот сборник — главный итог проекта «Ресурсная среда»: в нём собраны муниципальные "
    "практики в сфере межнациональных отношений, которые пилотные площадки отобрали, "
    "поддержали и представили на Всероссийский конкурс лучших практик.\n\n"
    "Каждая глава написана по материалам самой практики — её анкеты, конкурсной заявки, "
    "журнала поддержки регионального ресурсного центра — и согласована с организацией, "
    "которая её ведёт."
)
HOW_TO_USE = (
    "Главы сгруппированы по направлениям. В каждой главе — проблема, на которую отвечает "
    "практика, что было сделано, результаты в цифрах, партнёры и ресурсы и, главное, что "
    "нужно, чтобы повторить практику в другом муниципалитете.\n\n"
    "В конце сборника — указатель регионов и направлений с номерами страниц."
)


def _scan(title: str, seed: int) -> Any:
    """A legible one-page «scan»: a picture with the document's title."""
    image = Image.new("RGB", (1240, 1754), (252, 252, 248))
    draw = ImageDraw.Draw(image)
    draw.rectangle((80, 80, 1160, 1674), outline=(40, 40, 40), width=3)
    for line in range(12):
        y = 300 + line * 90
        draw.line((140, y, 1100 - (line * 37 + seed * 11) % 300, y), fill=(90, 90, 90), width=4)
    draw.text((140, 160), title[:60].encode("ascii", "ignore").decode() or "SCAN", fill=(0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    upload = SimpleUploadedFile(f"скан-{seed}.jpg", buffer.getvalue(), "image/jpeg")
    return PortalFileField(kinds=SCANS, max_size=10 * 1024 * 1024).check(upload)


def _contest(programme: Programme) -> Contest:
    today = timezone.localdate()
    deadline = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=12), datetime.time(23, 59))
    )
    contest = Contest.objects.create(
        programme=programme,
        edition=3,
        organiser="Федеральное агентство по делам национальностей",
        organiser_email="contest@example.org",
        description=(
            "Всероссийский конкурс лучших практик в сфере национальных отношений. Практики "
            "«Ресурсной среды» участвуют в специальной номинации; региональные ресурсные "
            "центры проверяют заполнение заявок до их отправки организатору."
        ),
        entries_open_on=today - datetime.timedelta(days=25),
        deadline=deadline,
        results_on=today + datetime.timedelta(days=40),
    )
    for position, (title, special, description) in enumerate(NOMINATIONS, start=1):
        Nomination.objects.create(
            contest=contest,
            title=title,
            is_special=special,
            description=description,
            position=position,
        )
    for position, (text, kind, source, limit, required) in enumerate(QUESTIONS, start=1):
        question = EntryQuestion(
            contest=contest,
            text=text,
            kind=kind,
            source=source,
            max_length=limit,
            is_required=required,
            position=position,
        )
        question.full_clean()
        question.save()
    for position, (title, kinds, mb, required, consent, letter) in enumerate(REQUIREMENTS, start=1):
        contest.requirements.create(
            title=title,
            kinds=kinds,
            max_size_mb=mb,
            is_required=required,
            is_consent=consent,
            is_support_letter=letter,
            position=position,
        )
    return contest


def _pilot_practices(programme: Programme, federal: User) -> list[PilotPractice]:
    """Two practices per site where the region has them (step 3), with a support log."""
    chosen = []
    sites = sorted(
        programme.pilot_sites.select_related("region"),
        # The site of regional@example.org first: its entries wait for that account's check.
        key=lambda site: (
            not site.memberships.filter(user__email="regional@example.org").exists(),
            site.region.name,
        ),
    )
    for site in sites:
        regional = User.objects.filter(
            memberships__role=Role.REGIONAL, memberships__pilot_site=site
        ).first()
        existing = list(site.pilot_practices.order_by("slot"))
        if not existing:
            candidates = Questionnaire.objects.filter(
                programme=programme,
                organisation__region=site.region,
                state__in=REVIEWABLE_STATES,
            ).order_by("-published_at", "pk")[:2]
            for slot, questionnaire in enumerate(candidates, start=1):
                existing.append(
                    PilotPractice.objects.create(
                        pilot_site=site,
                        questionnaire=questionnaire,
                        slot=slot,
                        state=PilotPracticeState.CONFIRMED,
                        proposed_by=regional,
                        confirmed_by=federal,
                        confirmed_at=timezone.now(),
                    )
                )
        for practice in existing:
            if not practice.support_log.exists():
                today = timezone.localdate()
                for days, kind, text in (
                    (
                        30,
                        SupportKind.METHODOLOGICAL,
                        "Консультация по заполнению конкурсной заявки и описанию результатов.",
                    ),
                    (
                        18,
                        SupportKind.ORGANISATIONAL,
                        "Помогли подготовить письмо поддержки и собрать согласия участников.",
                    ),
                    (
                        6,
                        SupportKind.INFORMATIONAL,
                        "Публикация о практике на сайте и в сообществе регионального центра.",
                    ),
                ):
                    SupportEntry.objects.create(
                        practice=practice,
                        date=today - datetime.timedelta(days=days),
                        kind=kind,
                        text=text,
                        author=regional,
                    )
        chosen.extend((practice, regional) for practice in existing)
    return chosen


def _complete(entry: Any, by: User, seed: int) -> None:
    """What the applicant adds beyond the questionnaire: the contest's own questions, files."""
    answers = {}
    for question in entry.contest.questions.filter(source=""):
        answers[question.pk] = (
            "Расширить практику на два соседних района и подготовить методичку для "
            "других муниципалитетов."
            if question.kind == QuestionKind.TEXT
            else 350000 + seed
        )
    # Texts the questionnaire allowed longer than the organiser does are shortened.
    for answer in entry.answers.select_related("question"):
        if answer.question.max_length and len(answer.text) > answer.question.max_length:
            answers[answer.question_id] = answer.text[: answer.question.max_length - 1]
    services.entry_save_draft(
        entry=entry, by=by, version=entry.version, changes={}, answers=answers
    )
    for requirement in entry.contest.requirements.filter(is_required=True):
        if not entry.attachments.filter(requirement=requirement).exists():
            services.entry_attachment_set(
                entry=entry, by=by, requirement=requirement, upload=_scan(requirement.title, seed)
            )


def _representative(entry: Any) -> User:
    member = (
        Membership.objects.filter(role=Role.APPLICANT, organisation=entry.organisation)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return member.user


def _walk(entry: Any, plan: str, regional: User, federal: User, seed: int) -> None:
    applicant = _representative(entry)
    if plan == "draft":
        return
    _complete(entry, applicant, seed)
    entry = services.entry_submit(entry=entry, by=applicant)
    if plan == "submitted":
        services.entry_check_set(entry=entry, by=regional, item=CheckItem.REQUIRED, passed=True)
        return
    if plan == "returned":
        first = entry.contest.questions.filter(source=PrefillSource.RESULTS_QUANTITATIVE).first()
        services.entry_check_set(entry=entry, by=regional, item=CheckItem.REQUIRED, passed=True)
        services.field_comment_add(
            entry=entry,
            by=regional,
            field=first.anchor,
            text="Приведите цифры за последний год: число встреч и участников отдельно.",
        )
        services.field_comment_add(
            entry=entry,
            by=regional,
            field="contacts",
            text="Укажите мобильный телефон руководителя: организатор звонит по нему.",
        )
        services.entry_return(
            entry=entry,
            by=regional,
            message="Почти готово. Уточните результаты в цифрах и телефон руководителя — "
            "замечания у полей.",
        )
        return
    for item in CheckItem.values:
        services.entry_check_set(entry=entry, by=regional, item=item, passed=True)
    entry = services.entry_mark_checked(entry=entry, by=regional)
    if plan == "checked":
        return
    services.package_request(by=federal, contest=entry.contest, entry=entry)
    entry = services.entry_mark_sent(
        entry=entry,
        by=federal,
        sent_on=timezone.localdate() - datetime.timedelta(days=3),
        organiser_number=f"ВК-3-{1000 + entry.pk}",
    )
    if plan == "sent":
        return
    result = {"winner": Result.WINNER, "prize": Result.PRIZE_WINNER}.get(
        plan.split("-", 1)[1], Result.PARTICIPANT
    )
    place = {"winner": 1, "prize": 2}.get(plan.split("-", 1)[1])
    services.entry_record_result(
        entry=entry, by=federal, result=result, place=place, diploma=_scan("Diploma", seed)
    )


def _collection(programme: Programme, federal: User) -> None:
    from contest import selectors

    edition = services.edition_create(
        by=federal,
        programme=programme,
        foreword=FOREWORD,
        how_to_use=HOW_TO_USE,
    )
    # Contest results first (the special nomination's winners lead), then the others.
    candidates = sorted(
        selectors.collection_candidates(edition),
        key=lambda q: (not any(e.nomination.is_special for e in q.results), not q.results),
    )[:12]
    for questionnaire in candidates:
        chapter = services.chapter_add(edition=edition, questionnaire=questionnaire, by=federal)
        services.chapter_send(chapter=chapter, by=federal)
        chapter.refresh_from_db()
        representative = (
            Membership.objects.filter(role=Role.APPLICANT, organisation=questionnaire.organisation)
            .select_related("user")
            .first()
        )
        consents = {
            photo.pk: Consent.YES if n == 0 else Consent.NO
            for n, photo in enumerate(chapter.photos.order_by("position"))
        }
        services.chapter_approve(
            chapter=chapter, by=representative.user, contact_agreed=True, consents=consents
        )
    services.edition_approve(edition=edition, by=federal)
    services.edition_publish(edition=edition, by=federal)

    # A second edition in the works: chapters with their organisations, one sent back.
    draft = services.edition_create(
        by=federal,
        programme=programme,
        title="Практики гармонизации межнациональных отношений",
        foreword=FOREWORD,
        how_to_use=HOW_TO_USE,
    )
    for position, questionnaire in enumerate(candidates[:3]):
        chapter = services.chapter_add(edition=draft, questionnaire=questionnaire, by=federal)
        if position == 0:
            continue
        services.chapter_send(chapter=chapter, by=federal)
        if position == 2:
            representative = Membership.objects.filter(
                role=Role.APPLICANT, organisation=questionnaire.organisation
            ).first()
            services.chapter_request_changes(
                chapter=chapter,
                by=representative.user,
                message="Уточните число участников: в этом году их стало больше.",
            )


def populate(programme: Programme) -> None:
    if Contest.objects.filter(programme=programme).exists():
        return
    federal = User.objects.filter(email=FEDERAL).first()
    if federal is None:
        return
    with mail.muted(), transaction.atomic():
        contest = _contest(programme)
        special = contest.nominations.get(is_special=True)
        practices = _pilot_practices(programme, federal)
        # The demo applicant also represents the first site's first practice, so their cabinet
        # shows an entry returned with remarks beside its fields.
        applicant = User.objects.filter(email=APPLICANT).first()
        if applicant is not None and practices:
            Membership.objects.get_or_create(
                user=applicant,
                role=Role.APPLICANT,
                organisation=practices[0][0].questionnaire.organisation,
            )
            roles.forget_memberships(applicant)
        for seed, ((practice, regional), plan) in enumerate(zip(practices, PLAN, strict=False)):
            if regional is None:
                continue
            entry = services.entry_start(
                by=regional, questionnaire=practice.questionnaire, nomination=special
            )
            _walk(entry, plan, regional, federal, seed)
        # The first site's practice also enters an open nomination (the organiser allows two):
        # that entry waits for regional@example.org's check.
        if practices and practices[0][1] is not None:
            practice, regional = practices[0]
            open_nomination = contest.nominations.filter(is_special=False).order_by("position")
            entry = services.entry_start(
                by=regional,
                questionnaire=practice.questionnaire,
                nomination=open_nomination.first(),
            )
            _walk(entry, "submitted", regional, federal, 50)
        # Best practices of the commission compete in the open nominations too.
        general = contest.nominations.filter(is_special=False).order_by("position").first()
        best = (
            Questionnaire.objects.filter(programme=programme, decision__outcome=Outcome.BEST)
            .exclude(contest_entries__isnull=False)
            .order_by("pk")[:2]
        )
        for questionnaire in best:
            site = programme.pilot_sites.filter(region=questionnaire.organisation.region).first()
            regional = (
                User.objects.filter(
                    memberships__role=Role.REGIONAL, memberships__pilot_site=site
                ).first()
                or federal
            )
            entry = services.entry_start(
                by=regional, questionnaire=questionnaire, nomination=general
            )
            _walk(entry, "result-participant", regional if site else federal, federal, 99)
        _collection(programme, federal)
