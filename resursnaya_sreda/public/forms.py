"""Forms of the public site's staff pages: a news item and the landing page texts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.accounts import permissions
from resursnaya_sreda.kernel.models import PilotSite, Programme
from resursnaya_sreda.public.models import NewsItem


class NewsItemForm(forms.ModelForm):
    """Title, texts, cover and (for staff of several sites or federal staff) the pilot site.

    The cover field comes from the model: a ``PortalImageField`` that checks the picture by
    content and re-encodes it. A rejected cover leaves every typed text in the form.
    """

    class Meta:
        model = NewsItem
        fields = ["kind", "pilot_site", "title", "lead", "body", "cover"]
        widgets = {
            "lead": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 12}),
        }

    def __init__(self, *args: Any, user: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sites = PilotSite.objects.filter(programme=programme).select_related("region")
        field = self.fields["pilot_site"]
        field.label_from_instance = lambda site: site.region.name
        if permissions.is_federal(user):
            field.queryset = sites.order_by("region__name")
            field.empty_label = _("Федеральный центр (без площадки)")
            field.required = False
        else:
            own = sites.filter(pk__in=permissions.pilot_site_ids(user)).order_by("region__name")
            field.queryset = own
            field.required = True
            field.empty_label = None
            field.help_text = _("Новость вашей пилотной площадки.")
        self.fields["title"].widget.attrs.setdefault("autofocus", True)
        self.fields["cover"].help_text = _(
            "JPEG, PNG или WebP, не более 10 МБ. Сведения о месте съёмки из файла удаляются."
        )


class ProgrammeLandingForm(forms.ModelForm):
    """The texts of the landing page, kept on the programme."""

    class Meta:
        model = Programme
        fields = ["organiser", "summary", "goals", "tasks", "conditions", "contacts"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "goals": forms.Textarea(attrs={"rows": 4}),
            "tasks": forms.Textarea(attrs={"rows": 6}),
            "conditions": forms.Textarea(attrs={"rows": 6}),
            "contacts": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "summary": _("Показывается в шапке главной страницы."),
            "goals": _("Абзацы разделяйте пустой строкой."),
            "tasks": _("По одной задаче на строку."),
            "conditions": _("Кто может участвовать и как; абзацы разделяйте пустой строкой."),
            "contacts": _("Адрес, телефон, e-mail, сайт — каждое с новой строки."),
        }
