"""The letters' columns of the federal dashboard (roadmap 1.5, 1.6, 2.2, 6.3 and 1.4, 2.3, 6.6).

The roadmap sets no number for letters or publications, so both columns show the figure
without a colour; each cell opens the records it counts.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from letters.models import CampaignEntry, Delivery, Letter
from resursnaya_sreda.kernel.indicators import Indicator, register


def _no_target(targets, site_count):
    return None


register(
    Indicator(
        key="letters-sent",
        step=1,
        title=_("Письма отправлены"),
        short_title=_("Письма"),
        definition=_(
            "Письма регионального центра площадки с исходящим номером, принятые почтовым "
            "сервером или переданные на печать (адресатам без e-mail)."
        ),
        records=lambda programme: Letter.objects.filter(
            mailing__programme=programme,
            letterhead__pilot_site__isnull=False,
            delivery__in=[Delivery.SENT, Delivery.PRINT],
        ),
        site="letterhead__pilot_site",
        target=_no_target,
        link=lambda letter: reverse("letters:letter-pdf", args=[letter.pk]),
        describe=lambda letter: f"{letter} — {letter.organisation or letter.person}",
        related=("letterhead",),
        dated="registered_on",
        noun=("письмо", "письма", "писем"),
        order=200,
    )
)

register(
    Indicator(
        key="letters-campaign",
        step=1,
        title=_("Публикации информационной кампании"),
        short_title=_("Публикации"),
        definition=_(
            "Публикации о программе и её мероприятиях в соцсетях, на официальных сайтах и в "
            "местных СМИ, внесённые региональным центром площадки со ссылкой."
        ),
        records=lambda programme: CampaignEntry.objects.filter(pilot_site__programme=programme),
        site="pilot_site",
        target=_no_target,
        link=lambda entry: reverse("letters:campaign-list"),
        describe=lambda entry: f"{entry.published_on:%d.%m.%Y} · {entry.outlet}: {entry.title}",
        evidence=lambda entry: [(_("публикация"), entry.url)],
        dated="published_on",
        noun=("публикация", "публикации", "публикаций"),
        order=210,
    )
)
