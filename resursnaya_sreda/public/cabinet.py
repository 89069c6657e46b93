"""The news section of the personal cabinet, for the staff who write news."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from resursnaya_sreda.accounts import cabinet
from resursnaya_sreda.public import permissions


@cabinet.register("public-news", order=35)
def news_section(user: Any) -> cabinet.CabinetSection | None:
    if not permissions.can_create_news(user):
        return None
    drafts = permissions.news_editable_by(user).filter(is_published=False).count()
    return cabinet.CabinetSection(
        title=_("Новости и анонсы"),
        icon="newspaper",
        description=_(
            "Публикации на сайте программы: новости вашей площадки и анонсы мероприятий."
        ),
        links=(
            cabinet.CabinetLink(
                _("Написать новость"), reverse("public:news-create"), icon="plus-lg", primary=True
            ),
            cabinet.CabinetLink(
                _("Мои новости и черновики"),
                reverse("public:news-manage"),
                icon="list-ul",
                badge=str(drafts) if drafts else "",
            ),
        ),
    )
