"""``{{ form|has_required_fields }}``: whether to explain the required mark above a form."""

from __future__ import annotations

from django import template

from resursnaya_sreda.kernel.forms import has_required_fields as _has_required_fields

register = template.Library()


@register.filter
def has_required_fields(form) -> bool:
    return _has_required_fields(form)
