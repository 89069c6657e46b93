"""Demo letters for ``manage.py demo_data``: addressees, letterheads and templates of every
site, an information mailing with its deliveries, seminar letters with the administrations'
answers, round-table invitations and campaign entries. Through the services, as staff would;
idempotent (a site that already has its mailing is left as it is)."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from letters import services
from letters.defaults import DEFAULTS
from letters.models import (
    Addressee,
    AddresseeKind,
    CampaignEntry,
    HoldingBasis,
    LetterKind,
    LetterTemplate,
    Mailing,
    ReplyDecision,
)
from reports.engine.pdf import render_pdf
from resursnaya_sreda.accounts.models import User
from resursnaya_sreda.kernel.correspondence import event_source
from resursnaya_sreda.kernel.models import Municipality, PilotSite, Programme, RoadmapStep
from resursnaya_sreda.kernel.uploads import SCANS, check_upload

FEDERAL = "federal@example.org"
SIGNATORIES = ("Галиев Р. М.", "Сафонова Е. В.", "Магомедов А. Г.", "Кузнецова Л. П.")


def populate(programme: Programme) -> None:
    federal = User.objects.filter(email=FEDERAL).first()
    if federal is None:
        return
    for kind in LetterKind.values:
        if not LetterTemplate.objects.filter(
            programme=programme, kind=kind, pilot_site__isnull=True
        ).exists():
            services.template_save(
                by=federal, programme=programme, site=None, kind=kind, data=DEFAULTS[kind]
            )
    sites = list(programme.pilot_sites.select_related("region", "centre").order_by("region__name"))
    for number, site in enumerate(sites):
        _site(programme, site, federal, number)


def _site(programme: Programme, site: PilotSite, by: User, number: int) -> None:
    letterhead = services.letterhead_for_site(site)
    if Mailing.objects.filter(letterhead=letterhead).exists():
        return
    letterhead.signatory_name = SIGNATORIES[number % len(SIGNATORIES)]
    letterhead.signatory_position = "Директор"
    letterhead.save()
    addressees = _addressees(site, by)
    services.mailing_create(
        by=by,
        letterhead=letterhead,
        programme=programme,
        kind=LetterKind.INFORMATION,
        title=f"Информационное письмо администрациям: {site.region.name}",
        text=services.template_for(programme=programme, site=site, kind=LetterKind.INFORMATION),
        targets=[
            services.Target.of(a) for a in addressees if a.kind == AddresseeKind.ADMINISTRATION
        ],
    )
    services.mailing_create(
        by=by,
        letterhead=letterhead,
        programme=programme,
        kind=LetterKind.MEDIA_PARTNER,
        title=f"Письмо СМИ и партнёрам: {site.region.name}",
        text=services.template_for(programme=programme, site=site, kind=LetterKind.MEDIA_PARTNER),
        targets=[
            services.Target.of(a) for a in addressees if a.kind != AddresseeKind.ADMINISTRATION
        ],
    )
    source = event_source()
    if source is not None:
        _event_letters(programme, site, by, letterhead, addressees, source)
    _campaign(programme, site, by)


def _addressees(site: PilotSite, by: User) -> list[Addressee]:
    municipalities = list(Municipality.objects.filter(region=site.region).order_by("name")[:3])
    made = []
    for i, municipality in enumerate(municipalities):
        made.append(
            _addressee(
                site,
                by,
                kind=AddresseeKind.ADMINISTRATION,
                organisation=f"Администрация муниципального образования «{municipality.name}»",
                municipality=municipality,
                person=(
                    "Хабибуллин Ильшат Рамилевич",
                    "Соколова Ирина Викторовна",
                    "Абдуллаев Магомед Ахмедович",
                )[i],
                position="Глава муниципального образования",
                address=f"{site.region.name}, {municipality.name}, ул. Советская, {i + 1}",
                # The third administration has no e-mail: its letters go to the print batch.
                email=f"admin{i}.{site.region.code}@example.org" if i < 2 else "",
            )
        )
    made.append(
        _addressee(
            site,
            by,
            kind=AddresseeKind.MEDIA,
            organisation=f"Газета «Вести — {site.region.name}»",
            person="Орлова Светлана Андреевна",
            position="Главный редактор",
            address=f"{site.region.name}, ул. Печатная, 5",
            email=f"news.{site.region.code}@example.org",
            basis=HoldingBasis.OFFICIAL_DUTY,
        )
    )
    made.append(
        _addressee(
            site,
            by,
            kind=AddresseeKind.PARTNER,
            organisation=f"Дом дружбы народов ({site.region.name})",
            person="Гарипов Айдар Ренатович",
            position="Директор",
            address=f"{site.region.name}, ул. Дружбы, 1",
            email=f"friendship.{site.region.code}@example.org",
            basis=HoldingBasis.AGREEMENT,
        )
    )
    return made


def _addressee(site: PilotSite, by: User, **data: Any) -> Addressee:
    data.setdefault("basis", HoldingBasis.PUBLIC_SOURCE)
    probe = Addressee(region=site.region, **data)
    found = Addressee.objects.filter(region=site.region, key=probe.make_key()).first()
    return found or services.addressee_create(by=by, region=site.region, data=data)


def _reply_scan(organisation: str) -> Any:
    html = (
        "<html><body style='font-family: serif'><h2>Ответ на письмо</h2>"
        f"<p>{organisation} согласна стать партнёром семинара и предоставит зал.</p>"
        "</body></html>"
    )
    target = io.BytesIO()
    render_pdf(html, target)
    upload = SimpleUploadedFile("otvet.pdf", target.getvalue(), "application/pdf")
    return check_upload(upload, kinds=SCANS)


def _event_letters(
    programme: Programme, site: PilotSite, by: User, letterhead: Any, addressees: list, source: Any
) -> None:
    administrations = [a for a in addressees if a.kind == AddresseeKind.ADMINISTRATION]
    if not administrations:
        return
    facts = [source.facts(pk) for pk, _label in source.choices(by, limit=500)]
    mine = [f for f in facts if f is not None and f.pilot_site_id == site.pk]
    seminars = [f for f in mine if f.kind == "seminar"][:2]
    for index, seminar in enumerate(seminars):
        mailing = services.mailing_create(
            by=by,
            letterhead=letterhead,
            programme=programme,
            kind=LetterKind.SEMINAR,
            title=f"Письмо о семинаре: {seminar.heading}",
            text=services.template_for(programme=programme, site=site, kind=LetterKind.SEMINAR),
            targets=[services.Target.of(administrations[index % len(administrations)])],
            facts=seminar,
        )
        if index == 0:
            letter = mailing.letters.get()
            services.reply_record(
                by=by,
                letter=letter,
                decision=ReplyDecision.PARTNER,
                received_on=max(letter.registered_on, timezone.localdate()),
                note="Готовы предоставить зал и обеспечить участие специалистов.",
                upload=_reply_scan(letter.organisation),
            )
    for table in [f for f in mine if f.kind == "round_table" and f.invited][:1]:
        services.mailing_create(
            by=by,
            letterhead=letterhead,
            programme=programme,
            kind=LetterKind.INVITATION,
            title=f"Приглашения: {table.heading}",
            text=services.template_for(programme=programme, site=site, kind=LetterKind.INVITATION),
            targets=[
                services.Target(
                    person=i.full_name,
                    organisation=i.organisation,
                    region=table.region_name,
                    email=i.email,
                    category=i.category or "other",
                )
                for i in table.invited
            ],
            facts=table,
        )


def _campaign(programme: Programme, site: PilotSite, by: User) -> None:
    if CampaignEntry.objects.filter(pilot_site=site).exists():
        return
    step = RoadmapStep.objects.filter(programme=programme, number=1).first()
    today = timezone.localdate()
    entries = [
        (
            "social",
            "ВКонтакте: сообщество ресурсного центра",
            "Стартовала программа «Ресурсная среда»",
            3400,
        ),
        (
            "official_site",
            "Сайт ресурсного центра",
            "Приглашаем НКО заполнить анкету лучшей практики",
            None,
        ),
        (
            "media",
            f"Газета «Вести — {site.region.name}»",
            "Лучшие практики межнационального согласия",
            12000,
        ),
    ]
    for i, (platform, outlet, title, reach) in enumerate(entries):
        services.campaign_entry_create(
            by=by,
            site=site,
            data={
                "platform": platform,
                "outlet": outlet,
                "title": title,
                "url": f"https://example.org/{site.region.code}/news/{i + 1}",
                "published_on": today - datetime.timedelta(days=20 - i * 5),
                "step": step,
                "reach": reach,
            },
        )
