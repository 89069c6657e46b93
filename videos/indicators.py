"""Step 4 in the programme's figures: video stories published.

Registered from ``VideosConfig.ready``; see ``resursnaya_sreda.kernel.indicators``.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.kernel.indicators import (
    Indicator,
    per_site,
    programme_total,
    register,
)
from resursnaya_sreda.kernel.models import TargetCode
from videos.models import Story, StoryState

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
        site="pilot_site",
        target=per_site(TargetCode.VIDEO_STORIES_PER_SITE),
        total_target=programme_total(TargetCode.VIDEO_STORIES),
        link=lambda story: reverse("videos:story", args=[story.pk]),
        describe=lambda story: story.title,
        evidence=lambda story: [
            (str(link.get_platform_display()), link.url) for link in story.links.all()
        ],  # noqa: E501
        prefetch=("links",),
        order=10,
    )
)
