"""``{{ n|plural:"пункт,пункта,пунктов" }}`` → «3 пункта»; ``plural_form`` gives the noun only."""

from __future__ import annotations

from django import template

from resursnaya_sreda.kernel.plural import plural as agree
from resursnaya_sreda.kernel.plural import plural_form as agree_form

register = template.Library()


@register.filter
def plural(n: int, forms: str) -> str:
    one, few, many = (form.strip() for form in forms.split(","))
    return agree(n, one, few, many)


@register.filter
def plural_form(n: int, forms: str) -> str:
    one, few, many = (form.strip() for form in forms.split(","))
    return agree_form(n, one, few, many)
