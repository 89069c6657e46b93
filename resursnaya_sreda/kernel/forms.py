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

from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates

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
    bound_field_class = PortalBoundField


def has_required_fields(form) -> bool:
    """Whether a visible field of the form must be filled (the legend of the mark is shown)."""
    fields = getattr(form, "visible_fields", None)
    if fields is None:
        return False
    return any(field.field.required and not field.field.disabled for field in fields())
