"""Contest documents for the engine: the entries register and the sites' readiness (Excel), an
entry (PDF) and the methodological collection (a sectioned PDF rendered in parallel).

Registered on import from ``ContestConfig.ready()``; the engine knows nothing of the contest.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from contest import book, selectors
from contest import permissions as policy
from contest.completeness import EntryForm
from contest.models import Contest, Edition, EditionState, Entry
from reports.engine import (
    Column,
    Document,
    Format,
    PageGeometry,
    PageNumbers,
    ParametersForm,
    Progress,
    Section,
    SectionedDocument,
    Sheet,
    register,
)
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel.autocomplete import AutocompleteChoiceField, Lookup


def _contests(user: Any) -> QuerySet[Contest]:
    return Contest.objects.select_related("programme").order_by("-programme__year", "-edition")


class ContestForm(ParametersForm):
    contest = forms.ModelChoiceField(
        label=_("Конкурс"), queryset=Contest.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contest"].queryset = _contests(self.user)


def _staff_or_admin(user: Any) -> bool:
    return user is None or roles.is_staff_member(user)


@register
class EntriesRegister(Document):
    identifier = "contest-entries"
    verbose_name = _("Реестр конкурсных заявок")
    description = _("Заявки конкурса по регионам: состояние, проверка, отправка, итоги.")
    formats = (Format.XLSX,)
    form_class = ContestForm

    @classmethod
    def can_request(cls, user: Any) -> bool:
        return roles.is_staff_member(user)

    def get_title(self) -> str:
        return f"Реестр конкурсных заявок {timezone.localdate():%d.%m.%Y}"

    def _entries(self) -> QuerySet[Entry]:
        contest = self.parameters["contest"]
        queryset = contest.entries.all()
        if self.user is not None:
            queryset = policy.visible_entries(self.user, queryset)
        return queryset.select_related(
            "nomination", "organisation", "region", "municipality", "checked_by"
        ).order_by("region__name", "pk")

    def iter_sheets(self, progress: Progress = lambda f: None) -> Iterator[Sheet]:
        entries = self._entries()
        columns = [
            Column("№", 8, "int"),
            Column("Регион", 24),
            Column("Организация", 40),
            Column("Практика", 40),
            Column("Номинация", 30),
            Column("Спецноминация", 12),
            Column("Состояние", 22),
            Column("Подана на проверку", 18, "datetime"),
            Column("Проверена", 18, "datetime"),
            Column("Проверил", 26),
            Column("Отправлена", 14, "date"),
            Column("Рег. номер", 16),
            Column("Итог", 22),
        ]

        def rows() -> Iterator[list[Any]]:
            for entry in entries.iterator(chunk_size=500):
                yield [
                    entry.pk,
                    entry.region.name,
                    entry.organisation.name,
                    entry.title,
                    entry.nomination.title,
                    "да" if entry.nomination.is_special else "",
                    entry.get_state_display(),
                    timezone.localtime(entry.submitted_at) if entry.submitted_at else None,
                    timezone.localtime(entry.checked_at) if entry.checked_at else None,
                    str(entry.checked_by) if entry.checked_by else "",
                    entry.sent_on,
                    entry.organiser_number,
                    entry.result_display,
                ]

        yield Sheet("Заявки", columns, rows(), entries.count())


@register
class ReadinessRegister(Document):
    identifier = "contest-readiness"
    verbose_name = _("Готовность площадок к конкурсу")
    description = _("Каждая пилотная площадка против цели: проверенные заявки и дни до срока.")
    formats = (Format.XLSX,)
    form_class = ContestForm

    @classmethod
    def can_request(cls, user: Any) -> bool:
        return roles.is_staff_member(user)

    def get_title(self) -> str:
        return f"Готовность площадок к конкурсу {timezone.localdate():%d.%m.%Y}"

    def iter_sheets(self, progress: Progress = lambda f: None) -> Iterator[Sheet]:
        contest = self.parameters["contest"]
        rows_data = selectors.readiness(self.user, contest)
        columns = [
            Column("Регион", 28),
            Column("Часовой пояс", 12),
            Column("Срок по местному времени", 22, "datetime"),
            Column("Дней осталось", 12, "int"),
            Column("Цель", 8, "int"),
            Column("Проверено", 10, "int"),
            Column("На проверке", 12, "int"),
            Column("Возвращено", 12, "int"),
            Column("Черновики", 10, "int"),
            Column("Отправлено", 11, "int"),
            Column("С итогом", 10, "int"),
            Column("Состояние", 32),
        ]
        rows = [
            [
                row.site.region.name,
                row.zone_label,
                row.local_deadline.replace(tzinfo=None),
                row.days_left,
                row.target,
                row.checked,
                row.submitted,
                row.returned,
                row.drafts,
                row.sent,
                row.results,
                row.status_text,
            ]
            for row in rows_data
        ]
        yield Sheet("Площадки", columns, rows, len(rows))


def entry_label(entry: Entry) -> str:
    return f"№ {entry.pk}: {entry.title} ({entry.region.name}), {entry.contest}"


class EntryParameters(ParametersForm):
    entry = AutocompleteChoiceField(
        label=_("Заявка"),
        queryset=Entry.objects.none(),
        lookup=Lookup(
            search_fields=("title", "region__name"),
            filters={"region": "region_id", "contest": "contest_id"},
            search_pk=True,
            label=entry_label,
        ),
        error_messages={"invalid_choice": _("Такой заявки нет среди доступных вам.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = Entry.objects.select_related("contest__programme", "region").order_by("-pk")
        if self.user is not None:
            queryset = policy.visible_entries(self.user, queryset)
        self.fields["entry"].queryset = queryset


@register
class EntryPdf(Document):
    identifier = "contest-entry"
    verbose_name = _("Конкурсная заявка")
    description = _("Заявка целиком: поля формы организатора, приложения, проверка.")
    formats = (Format.PDF,)
    form_class = EntryParameters
    template_name = "contest/pdf/entry.html"
    # The head of practice's name, phone and e-mail: each download is recorded.
    personal_data = True

    @classmethod
    def can_request(cls, user: Any) -> bool:
        return policy.can_start_entries(user)

    def get_title(self) -> str:
        entry = self.parameters["entry"]
        return f"Конкурсная заявка № {entry.pk}: {entry.title}"[:250]

    def get_filename(self, fmt: str) -> str:
        return f"Заявка {self.parameters['entry'].pk}.{fmt}"

    def get_context(self, progress: Progress = lambda f: None) -> dict[str, Any]:
        entry = Entry.objects.select_related(
            "contest",
            "nomination",
            "organisation",
            "region",
            "municipality",
            "direction",
            "checked_by",
        ).get(pk=self.parameters["entry"].pk)
        form = EntryForm.load(entry)
        return {
            "entry": entry,
            "rows": [(q, form.answers.get(q.pk)) for q in form.questions],
            "files": [(r, form.files.get(r.pk)) for r in form.requirements],
        }


# --- The collection ---------------------------------------------------------------------------


class EditionParameters(ParametersForm):
    edition = forms.ModelChoiceField(
        label=_("Выпуск сборника"), queryset=Edition.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = Edition.objects.select_related("programme")
        if self.user is not None and not policy.can_edit_collection(self.user):
            queryset = queryset.filter(state=EditionState.PUBLISHED)
        self.fields["edition"].queryset = queryset


@register
class CollectionPdf(SectionedDocument):
    """The methodological collection as a print-ready book. Each chapter is a section rendered
    on its own (in parallel on the worker pool); front matter, contents and index are laid out
    with the real page numbers. A published edition is rendered from its frozen content."""

    identifier = "contest-collection"
    verbose_name = _("Сборник методических материалов")
    description = _("Книга: титул, предисловие, оглавление, главы по группам, указатель.")
    form_class = EditionParameters
    back_matter_anchor = "index"

    @classmethod
    def can_request(cls, user: Any) -> bool:
        return roles.is_staff_member(user)

    def __init__(self, parameters: dict[str, Any], *, user: Any = None) -> None:
        super().__init__(parameters, user=user)
        self.edition: Edition = parameters["edition"]
        self._content: dict[str, Any] | None = None
        self._images: dict[str, str] | None = None

    # --- Content -------------------------------------------------------------------------
    @property
    def content(self) -> dict[str, Any]:
        if self._content is None:
            self._content = book.content_of(self.edition)
        return self._content

    @property
    def images(self) -> dict[str, str]:
        if self._images is None:
            self._images = book.image_sources(self.edition)
        return self._images

    def get_title(self) -> str:
        edition = self.content["edition"]
        return f"{edition['title']} — выпуск {edition['number']} ({edition['year']})"

    def get_filename(self, fmt: str) -> str:
        edition = self.content["edition"]
        return f"Сборник, выпуск {edition['number']} ({edition['year']}).{fmt}"

    def get_metadata(self) -> dict[str, str]:
        edition = self.content["edition"]
        return {"/Title": self.get_title(), "/Author": edition["organiser"]}

    def get_geometry(self) -> PageGeometry:
        size = self.content["edition"]["page_size"]
        if size == "A4":
            return PageGeometry(size="A4", font_size_pt=10, bottom_mm=12, outer_mm=20)
        return PageGeometry(size="A5", font_size_pt=9, bottom_mm=9, outer_mm=15)

    def _context(self, **extra: Any) -> dict[str, Any]:
        return {
            "edition": self.content["edition"],
            "images": self.images,
            "document_title": self.get_title(),
            **extra,
        }

    def _chapter(self, chapter: dict[str, Any]) -> dict[str, Any]:
        """The chapter with its printed photos as data: URIs (private files have no URL)."""
        photos = [{**p, "src": self.images.get(p["asset"], "")} for p in chapter["photos"]]
        return {**chapter, "photos": [p for p in photos if p["src"]]}

    def _render(self, template: str, **extra: Any) -> str:
        with translation.override("ru"):
            return render_to_string(template, self._context(**extra))

    def _toc(self, numbers: PageNumbers | None) -> list[dict[str, Any]]:
        def page(anchor: str) -> str:
            return numbers[anchor] if numbers is not None else ""

        entries = [
            {
                "title": str(_("Предисловие")),
                "anchor": "foreword",
                "level": 1,
                "page": page("foreword"),
            },
            {
                "title": str(_("Как пользоваться сборником")),
                "anchor": "how-to-use",
                "level": 1,
                "page": page("how-to-use"),
            },
        ]
        for group in book.groups(self.content):
            entries.append(
                {
                    "title": group["title"],
                    "anchor": group["anchor"],
                    "level": 1,
                    "page": page(group["anchor"]),
                }
            )
            for chapter in group["chapters"]:
                entries.append(
                    {
                        "title": chapter["title"],
                        "anchor": chapter["anchor"],
                        "level": 2,
                        "page": page(chapter["anchor"]),
                        "region": chapter["region"],
                    }
                )
        entries.append(
            {
                "title": str(_("Указатель регионов и направлений")),
                "anchor": "index",
                "level": 1,
                "page": page("index"),
            }
        )
        return entries

    def _items(self) -> list[dict[str, Any]]:
        """The body in reading order: each chapter, with its group's title page before the
        first chapter of a group."""
        items = []
        for group in book.groups(self.content):
            for position, chapter in enumerate(group["chapters"]):
                items.append(
                    {"group": group if position == 0 else None, "chapter": self._chapter(chapter)}
                )
        return items

    # --- Sections ------------------------------------------------------------------------
    def get_opening(self) -> list[Section]:
        html = self._render("contest/pdf/collection_opening.html")
        return [Section("cover", str(_("Титульный лист")), html)]

    def get_sections(self, progress: Progress = lambda f: None) -> list[Section]:
        """The foreword, then the chapters packed into about ``SECTIONS`` runs of similar
        length: fewer, larger sections spend less on what each render costs anyway (fonts),
        yet leave every worker enough to do."""
        intro = self._render("contest/pdf/collection_section.html", intro=True, items=[])
        sections = [Section("introduction", str(_("Предисловие")), intro)]
        items = self._items()
        sizes = [_size(item["chapter"]) for item in items]
        target = sum(sizes) / max(1, min(SECTIONS, len(items)))
        run: list[dict[str, Any]] = []
        filled = 0.0
        for item, size in zip(items, sizes, strict=True):
            run.append(item)
            filled += size
            if filled >= target * 0.9:
                sections.append(self._section(run))
                run, filled = [], 0.0
        if run:
            sections.append(self._section(run))
        return sections

    def _section(self, run: list[dict[str, Any]]) -> Section:
        first = run[0]["chapter"]
        title = first["title"] if len(run) == 1 else f"{first['title']} и ещё {len(run) - 1}"
        html = self._render("contest/pdf/collection_section.html", items=run)
        return Section(first["anchor"], title, html)

    def get_front_matter(self, numbers: PageNumbers) -> Section:
        html = self._render("contest/pdf/collection_front.html", toc=self._toc(numbers))
        return Section("contents", str(_("Содержание")), html)

    def get_back_matter(self, numbers: PageNumbers) -> Section:
        parts = book.index(self.content)
        for part in parts:
            for term in part["terms"]:
                for ref in term["refs"]:
                    ref["page"] = numbers[ref["anchor"]]
        html = self._render("contest/pdf/collection_back.html", index=parts)
        return Section("index", str(_("Указатель")), html)

    def get_single_html(self) -> str:
        """The whole book as one HTML document (one WeasyPrint call): the same markup, with
        the contents and index numbers from CSS target-counter and numbers in margin boxes."""
        return self._render(
            "contest/pdf/collection_single.html",
            toc=self._toc(None),
            items=self._items(),
            index=book.index(self.content),
            single=True,
        )


#: About this many body sections: a few per worker keeps the pool busy to the end.
SECTIONS = 10


def _size(chapter: dict[str, Any]) -> int:
    """A chapter's weight for packing: its text, and a photo counts as a page of it."""
    text = sum(len(body or "") for _title, body in chapter["sections"]) + len(chapter["lead"])
    return text + 1800 * len(chapter["photos"])
