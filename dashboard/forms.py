from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dashboard.models import TaskMark

TASK_MARK_FIELDS = ("note",)


class TaskMarkForm(forms.ModelForm):
    class Meta:
        model = TaskMark
        fields = TASK_MARK_FIELDS
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        labels = {"note": _("Что подтверждает выполнение")}
