"""One accessible form pattern for the whole portal (WCAG 2.1 AA, GOST R 52872-2019).

``FORM_RENDERER`` points at :class:`PortalFormRenderer`, so every form of every app gets
:class:`PortalBoundField` without naming it: a required control carries ``required`` and
``aria-required="true"``, and Django's own ``aria-invalid`` and ``aria-describedby`` (help text,
error) stay. The crispy template ``bootstrap5/errors.html`` (templates/) draws the legend of the
required mark and, after a failed submit, the error summary with ``role="alert"`` listing a link
to each field; ``static/js/forms.js`` moves focus to the summary and puts «Ошибка: » before
the page title.
"""

from __future__ import annotations

from typing import Any

from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

# Roles that accept aria-required: text boxes, lists and single check boxes. A radio button
# or a box of a multiple choice does not (the group does), nor does a file input.
_ARIA_REQUIRED_TYPES = {
    "text",
    "email",
    "url",
    "tel",
    "number",
    "password",
    "search",
    "date",
    "datetime-local",
    "time",
    "month",
    "week",
    "checkbox",
}


def accepts_aria_required(widget) -> bool:
    if getattr(widget, "allow_multiple_selected", False) and widget.input_type != "select":
        return False
    input_type = getattr(widget, "input_type", None)
    if input_type is None:  # <textarea>, <select>
        return widget.template_name.endswith(("textarea.html", "select.html"))
    return input_type in _ARIA_REQUIRED_TYPES


class PortalBoundField(BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        widget = widget or self.field.widget
        attrs = super().build_widget_attrs(attrs, widget)
        if attrs.get("required") and accepts_aria_required(widget):
            attrs["aria-required"] = "true"
        return attrs

    @property
    def summary_target(self) -> str:
        """The id the error summary links to: the control itself, or a group's first choice."""
        return self.id_for_label or (f"{self.auto_id}_0" if self.auto_id else "")


class PortalFormRenderer(DjangoTemplates):
    """Every form's renderer. A ``<select>`` is drawn in Python, to the same markup as Django's
    templates: they draw each option through an ``{% include %}``, which for the 89 regions of
    a filter cost more than the rest of a list page."""

    bound_field_class = PortalBoundField

    def render(self, template_name: str, context: dict, request: Any = None) -> str:
        widget = context.get("widget") if isinstance(context, dict) else None
        if template_name == SELECT_TEMPLATE and widget is not None and _plain_options(widget):
            return select_html(widget)
        return super().render(template_name, context, request)


SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _plain_options(widget: dict) -> bool:
    """Every option is drawn by Django's own option template (no widget of ours changes it)."""
    return all(
        option.get("template_name") == OPTION_TEMPLATE
        for _name, options, _index in widget["optgroups"]
        for option in options
    )


def _attrs(attrs: dict) -> str:
    """``django/forms/widgets/attrs.html``: ``False`` leaves the attribute out, ``True`` writes
    its name alone."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def select_html(widget: dict) -> SafeString:
    """``django/forms/widgets/select.html`` with its options, in Python."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            # The option template's own last line break is part of Django's markup.
            parts.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308  (every value escaped above)


def has_required_fields(form) -> bool:
    """Whether a visible field of the form must be filled (the legend of the mark is shown)."""
    fields = getattr(form, "visible_fields", None)
    if fields is None:
        return False
    return any(field.field.required and not field.field.disabled for field in fields())
