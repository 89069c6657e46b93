"""Small helpers every app's views share."""

from __future__ import annotations

import hashlib
from typing import Any

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


def querystring_without_page(request: HttpRequest) -> str:
    """The list's filters, for pagination links that keep them."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError beside the fields it names (others above the form),
    so what the person typed stays in the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


#: How long a rendered fragment is kept; the key already changes whenever its facts do.
FRAGMENT_SECONDS = 600


def render_kept(template_name: str, context: dict[str, Any], *, facts: Any) -> SafeString:
    """Render ``template_name`` once for the same ``facts`` and keep the HTML in the cache.

    ``facts`` is everything the fragment shows, as plain values (ids, counts, states, dates,
    texts): the key is their digest, so a changed record makes a new key and the old HTML is
    simply never asked for again — no signal has to remember to drop it. For long tables
    (one row per pilot site) whose data is cheap to read and costly to render; the fragment
    must hold nothing personal to one reader (no CSRF token: put forms outside it and point
    buttons at them with ``form=``).
    """
    digest = hashlib.sha256(repr((template_name, facts)).encode("utf-8")).hexdigest()[:40]
    key = f"fragment:{digest}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(template_name, context)
        cache.set(key, html, FRAGMENT_SECONDS)
    return mark_safe(html)  # noqa: S308  (our own template's output)
