"""The base class every kind of document derives from (pretix exporters, oscar's reports)."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

#: Receives the share of work done, from 0.0 to 1.0; rendering code calls it now and then.
Progress = Callable[[float], None]


def _no_progress(fraction: float) -> None:
    """Used when nobody watches (commands, the benchmark)."""


class Format(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", _("Excel (XLSX)")

    @property
    def extension(self) -> str:
        return self.value

    @property
    def content_type(self) -> str:
        if self is Format.PDF:
            return "application/pdf"
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ParametersForm(forms.Form):
    """A document's parameters. It receives the requesting user so choices can be scoped.

    ``user`` is ``None`` when a command renders the document for an administrator.

    A choice among records that grow is a search-as-you-type field
    (``resursnaya_sreda.kernel.autocomplete.AutocompleteChoiceField`` with a ``lookup``): its
    queryset, narrowed to ``self.user`` in ``__init__`` as usual, is also what the list
    offers, served by the reports app for this kind and field (``autocomplete_url``).
    """

    #: The kind this form belongs to, set by ``Document.get_form``.
    document_kind: str = ""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def autocomplete_url(self, field_name: str) -> str:
        """Where a search-as-you-type field of this form gets its list of choices."""
        if not self.document_kind:
            return ""
        from django.urls import reverse

        return reverse("reports:choices", args=[self.document_kind, field_name])

    def to_json(self) -> dict[str, Any]:
        """The cleaned values as JSON the same form accepts again in the worker."""
        return {name: _jsonable(value) for name, value in self.cleaned_data.items()}


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet):
        return sorted(obj.pk for obj in value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_jsonable(item) for item in value]
    return value


@dataclass(frozen=True)
class Column:
    """One column of an Excel sheet.

    ``kind`` decides how a value is written: ``text`` always as a string (never a formula),
    ``int`` and ``decimal`` as numbers, ``date`` and ``datetime`` as real Excel dates.
    """

    title: str
    width: float = 18
    kind: str = "text"

    KINDS: ClassVar[frozenset[str]] = frozenset({"text", "int", "decimal", "date", "datetime"})

    def __post_init__(self) -> None:
        if self.kind not in self.KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass
class Sheet:
    """One section of a workbook: a title, its columns and an iterable of rows.

    ``rows`` is consumed once, lazily, so a generator over a queryset's ``iterator()`` keeps
    memory flat; ``row_count`` (when known) lets the engine report progress.
    """

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    row_count: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class Document:
    """A kind of document the portal produces on request.

    Subclasses set ``identifier`` (kebab-case, stable: it is stored in jobs), ``verbose_name``
    (Russian), ``formats``, ``form_class`` and decide ``can_request(user)``. For PDF they set
    ``template_name`` (a template extending ``documents/base_pdf.html``) and implement
    ``get_context()``; for Excel they implement ``iter_sheets()``.
    """

    identifier: ClassVar[str] = ""
    verbose_name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    formats: ClassVar[tuple[Format, ...]] = ()
    form_class: ClassVar[type[ParametersForm]] = ParametersForm
    template_name: ClassVar[str | None] = None
    #: Whether the file holds personal data: each download is then recorded in the access log.
    personal_data: ClassVar[bool] = False
    #: Templates list kinds (classes); without this they would try to instantiate them.
    do_not_call_in_templates: ClassVar[bool] = True

    def __init__(self, parameters: dict[str, Any], *, user: Any = None) -> None:
        #: The form's cleaned data (model instances, dates), not the stored JSON.
        self.parameters = parameters
        self.user = user

    # --- Who and with what -----------------------------------------------------------------
    @classmethod
    def can_request(cls, user: Any) -> bool:
        """Whether ``user`` may request this document. Nobody, unless a subclass says so."""
        return False

    @classmethod
    def get_form(cls, data: Any = None, *, user: Any = None, **kwargs: Any) -> ParametersForm:
        form = cls.form_class(data, user=user, **kwargs)
        form.document_kind = cls.identifier
        return form

    @classmethod
    def offers(cls, fmt: str) -> bool:
        return fmt in {f.value for f in cls.formats}

    # --- What comes out --------------------------------------------------------------------
    def get_title(self) -> str:
        """The document's title, also the running header of its PDF pages."""
        return str(self.verbose_name)

    def get_filename(self, fmt: str) -> str:
        """The name the file is downloaded under (Cyrillic is fine, the response encodes it)."""
        return f"{self.get_title()}.{fmt}"

    def get_context(self, progress: Progress = _no_progress) -> dict[str, Any]:
        """The PDF template's context. Text users typed is escaped by the template."""
        raise NotImplementedError(f"{type(self).__name__} offers no PDF")

    def iter_sheets(self, progress: Progress = _no_progress) -> Iterator[Sheet]:
        """The workbook's sheets, one per section, each with lazily produced rows."""
        raise NotImplementedError(f"{type(self).__name__} offers no Excel")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.formats = tuple(Format(f) for f in cls.formats)
