"""Step 4 in the programme's figures: video stories published.

Registered from ``VideosConfig.ready``; see ``resursnaya_sreda.kernel.indicators``.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.kernel.indicators import (
    Indicator,
    TaskProof,
    per_site,
    programme_total,
    register,
    register_proof,
)
from resursnaya_sreda.kernel.models import TargetCode
from videos.models import (
    ScheduleState,
    ScheduleVersion,
    Specification,
    SpecificationState,
    Story,
    StoryState,
)

register(
    Indicator(
        key="stories-published",
        step=4,
        title=_("Видеосюжеты опубликованы"),
        short_title=_("Видеосюжеты"),
        definition=_(
            "Сюжеты площадки, опубликованные на канале (с датой публикации и ссылкой). Сюжет, "
            "стоящий в графике выпуска, но ещё не вышедший, не считается."
        ),
        records=lambda programme: Story.objects.filter(
            programme=programme, state=StoryState.PUBLISHED
        ),
        uncounted=lambda programme: Story.objects.filter(programme=programme).exclude(
            state=StoryState.PUBLISHED
        ),
        why_not=lambda story: (
            str(_("ещё не опубликован: %(state)s"))
            % {"state": str(story.get_state_display()).lower()}
        ),
        site="pilot_site",
        target=per_site(TargetCode.VIDEO_STORIES_PER_SITE),
        total_target=programme_total(TargetCode.VIDEO_STORIES),
        link=lambda story: reverse("videos:story", args=[story.pk]),
        describe=lambda story: story.title,
        evidence=lambda story: [
            (str(link.get_platform_display()), link.url) for link in story.links.all()
        ],  # noqa: E501
        prefetch=("links",),
        dated="published_at",
        noun=("видеосюжет", "видеосюжета", "видеосюжетов"),
        order=10,
    )
)

register_proof(
    TaskProof(
        step=4,
        task=1,
        label=_("Технические характеристики выпущены"),
        exists=lambda programme: Specification.objects.filter(
            programme=programme, state=SpecificationState.ISSUED
        ).exists(),
        url=lambda: reverse("videos:specification"),
    )
)
register_proof(
    TaskProof(
        step=4,
        task=3,
        label=_("Общий график выпусков опубликован"),
        exists=lambda programme: ScheduleVersion.objects.filter(
            programme=programme, state=ScheduleState.PUBLISHED
        ).exists(),
        url=lambda: reverse("videos:public-schedule"),
    )
)
