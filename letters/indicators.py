"""The letters' columns of the federal dashboard (roadmap 1.5, 1.6, 2.2, 6.3 and 1.4, 2.3, 6.6)
and the plan-schedule's tasks these records prove.

The roadmap sets no number for letters or publications, so both columns show the figure
without a colour; each cell opens the records it counts.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from letters.models import CampaignEntry, Delivery, Letter, LetterKind
from resursnaya_sreda.kernel.indicators import Indicator, TaskProof, register, register_proof


def _no_target(targets, site_count):
    return None


def _sent_letters(programme):
    """The sites' letters that went out: accepted by the mail server or handed to print."""
    return Letter.objects.filter(
        mailing__programme=programme,
        letterhead__pilot_site__isnull=False,
        delivery__in=[Delivery.SENT, Delivery.PRINT],
    )


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
        records=_sent_letters,
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


# --- Roadmap tasks proved by letters and publications -----------------------------------------
#
# Each pilot site writes to its own administrations, media and partners, so these tasks are done
# when every site has a letter of the kind that went out, and 1.4 when every site has recorded a
# publication.


def _sent(kind: str):
    """The sites with a sent letter of ``kind`` (one query)."""
    return lambda programme: (
        _sent_letters(programme)
        .filter(kind=kind)
        .values_list("letterhead__pilot_site_id", flat=True)
    )


def _register_of(kind: str):
    return lambda: f"{reverse('letters:register')}?kind={kind}"


for _step, _task, _kind, _label in (
    (1, 5, LetterKind.INFORMATION, _("Информационные письма администрациям отправлены")),
    (1, 6, LetterKind.MEDIA_PARTNER, _("Письма СМИ и партнёрам отправлены")),
    (2, 2, LetterKind.SEMINAR, _("Письма администрациям о семинарах отправлены")),
    (6, 3, LetterKind.INVITATION, _("Приглашения на круглый стол отправлены")),
):
    register_proof(
        TaskProof(step=_step, task=_task, label=_label, sites=_sent(_kind), url=_register_of(_kind))
    )

register_proof(
    TaskProof(
        step=1,
        task=4,
        label=_("Публикации о программе внесены"),
        sites=lambda programme: CampaignEntry.objects.filter(
            pilot_site__programme=programme
        ).values_list("pilot_site_id", flat=True),
        url=lambda: reverse("letters:campaign-list"),
    )
)
