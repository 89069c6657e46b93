"""What the letters app adds to the staff cabinet (registered from ``LettersConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from letters import permissions as policy
from letters import selectors
from letters.models import Delivery, Letter
from resursnaya_sreda.accounts.cabinet import CabinetLink, CabinetSection, register


@register("letters-staff", order=35)
def staff_letters(user: Any) -> CabinetSection | None:
    if not policy.can_use_letters(user):
        return None
    mailings = selectors.mailings_visible_to(user)
    attention = Letter.objects.filter(
        mailing__in=mailings.values("pk"), delivery__in=[Delivery.REFUSED, Delivery.UNCERTAIN]
    ).count()
    description = _("Письма администрациям, СМИ и партнёрам, журнал исходящих, публикации.")
    if attention:
        description += " " + _("Писем, требующих внимания (отклонены или прерваны): %(n)s.") % {
            "n": attention
        }
    return CabinetSection(
        title=_("Письма и информационная кампания"),
        icon="envelope-paper",
        description=description,
        links=(
            CabinetLink(_("Рассылки"), reverse("letters:mailing-list"), icon="send", primary=True),
            CabinetLink(_("Адресаты"), reverse("letters:addressee-list"), icon="person-lines-fill"),
            CabinetLink(_("Шаблоны писем"), reverse("letters:template-list"), icon="file-text"),
            CabinetLink(_("Журнал исходящих"), reverse("letters:register"), icon="journal-text"),
            CabinetLink(_("Публикации"), reverse("letters:campaign-list"), icon="megaphone"),
        ),
    )
