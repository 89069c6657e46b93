"""What step 4 adds to the personal cabinet (registered from ``VideosConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.accounts.cabinet import CabinetLink, CabinetSection, register
from resursnaya_sreda.kernel.selectors import programme_current
from videos import permissions as policy
from videos import services
from videos.models import CheckState, Story, StoryState

NEXT_STEP = {
    StoryState.IDEA: gettext_lazy("написать сценарий и отправить его на согласование"),
    StoryState.SCRIPT_SUBMITTED: gettext_lazy("ждать ответа федерального центра по сценарию"),
    StoryState.SCRIPT_RETURNED: gettext_lazy("исправить сценарий по замечаниям и отправить снова"),
    StoryState.SCRIPT_APPROVED: gettext_lazy("начать съёмку и привлечь партнёров"),
    StoryState.FILMING: gettext_lazy("загрузить монтаж, дождаться проверки и отправить на приёмку"),
    StoryState.CUT_SUBMITTED: gettext_lazy("ждать приёмки монтажа"),
    StoryState.CUT_RETURNED: gettext_lazy("исправить монтаж по замечаниям и загрузить снова"),
    StoryState.CUT_APPROVED: gettext_lazy("ждать даты выпуска по графику"),
    StoryState.SCHEDULED: gettext_lazy("сюжет выйдет по графику"),
    StoryState.PUBLISHED: gettext_lazy("сюжет опубликован"),
}


def _links(user: Any) -> tuple[CabinetLink, ...]:
    links = [
        CabinetLink(_("Сюжеты"), reverse("videos:staff-list"), icon="camera-reels", primary=True),
        CabinetLink(_("Технические требования"), reverse("videos:specification"), icon="sliders"),
    ]
    if policy.can_manage_schedule(user):
        links.append(CabinetLink(_("График выпуска"), reverse("videos:schedule"), icon="calendar3"))
    else:
        links.append(
            CabinetLink(_("График выпуска"), reverse("videos:public-schedule"), icon="calendar3")
        )
    return tuple(links)


@register("videos-staff", order=45)
def staff_videos(user: Any) -> CabinetSection | None:
    if not policy.can_see_staff_pages(user):
        return None
    programme = programme_current()
    if programme is None:
        return None
    spec = services.specification_current(programme)
    if roles.is_federal(user):
        counts = Story.objects.filter(programme=programme).aggregate(
            total=Count("pk"),
            scripts=Count("pk", filter=Q(state=StoryState.SCRIPT_SUBMITTED)),
            cuts=Count("pk", filter=Q(state=StoryState.CUT_SUBMITTED)),
            published=Count("pk", filter=Q(state=StoryState.PUBLISHED)),
        )
        targets = services.story_targets(programme)
        description = _(
            "Сюжетов: %(total)s из %(target)s, опубликовано %(published)s. Ждут решения: "
            "сценариев %(scripts)s, монтажей %(cuts)s."
        ) % {**counts, "target": targets.stories_total}
        return CabinetSection(
            title=_("Видеосюжеты"), icon="camera-reels", description=description, links=_links(user)
        )
    stories = list(
        roles.filter_by_pilot_site(Story.objects.filter(programme=programme), user)
        .select_related("pilot_site__region")
        .order_by("pilot_site__region__name", "number")
    )
    acked = set()
    if spec is not None:
        acked = set(spec.acknowledgements.values_list("pilot_site_id", flat=True))
    todo = []
    for site in roles.pilot_sites(user):
        if site.programme_id != programme.pk:
            continue
        if spec is not None and site.pk not in acked:
            todo.append(
                _("%(r)s: подтвердить ознакомление с техническими требованиями (редакция %(v)s)")
                % {"r": site.region.name, "v": spec.version}
            )
    failed = set(
        Story.objects.filter(
            pk__in=[s.pk for s in stories], cuts__check_state=CheckState.FAILED
        ).values_list("pk", flat=True)
    )
    return CabinetSection(
        title=_("Видеосюжеты"),
        icon="camera-reels",
        template="videos/cabinet/regional.html",
        context={
            "stories": [
                {
                    "story": story,
                    "next": NEXT_STEP[StoryState(story.state)],
                    "failed": story.pk in failed and story.state in {"filming", "cut_returned"},
                }
                for story in stories
            ],
            "todo": todo,
        },
        links=_links(user),
    )
