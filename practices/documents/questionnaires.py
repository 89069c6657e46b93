"""Questionnaire documents for the engine: one questionnaire as PDF, the register as Excel.

Registered with the engine when ``practices.documents`` is imported; the engine knows nothing
of practices.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practices import permissions as policy
from practices import selectors
from practices.models import (
    STAFF_VISIBLE_STATES,
    Attachment,
    AttachmentKind,
    Direction,
    ExtraAnswer,
    ExtraQuestion,
    Questionnaire,
    QuestionnaireState,
)
from reports.engine import Column, Document, Format, ParametersForm, Progress, Sheet, register
from reports.engine.pdf import data_uri
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel import selectors as kernel_selectors
from resursnaya_sreda.kernel.autocomplete import AutocompleteChoiceField, Lookup
from resursnaya_sreda.kernel.autocomplete.endpoints import municipality_label
from resursnaya_sreda.kernel.models import Municipality, Programme, Region
from resursnaya_sreda.kernel.selectors import programme_current

# Photos in the PDF are the thumbnails (640 px): enough for print, small enough for a worker.
PDF_PHOTO_LIMIT = 12


def _printable(user: Any) -> QuerySet[Questionnaire]:
    queryset = Questionnaire.objects.exclude(state=QuestionnaireState.DRAFT)
    if user is None:  # a command run by an administrator
        return queryset
    return policy.visible_questionnaires(user, queryset)


def questionnaire_label(questionnaire: Questionnaire) -> str:
    return f"№ {questionnaire.pk}: {questionnaire.display_title} — {questionnaire.organisation}"


QUESTIONNAIRE_LOOKUP = Lookup(
    search_fields=("title", "organisation__name", "organisation__short_name"),
    filters={"region": "organisation__region_id"},
    search_pk=True,
    label=questionnaire_label,
)


class QuestionnaireForm(ParametersForm):
    questionnaire = AutocompleteChoiceField(
        label=_("Анкета"),
        queryset=Questionnaire.objects.none(),
        lookup=QUESTIONNAIRE_LOOKUP,
        help_text=_("Начните вводить название практики, организацию или номер анкеты."),
        error_messages={
            "invalid_choice": _("Такой анкеты нет среди доступных вам поданных анкет."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = (
            _printable(self.user).select_related("organisation").order_by("-pk")
        )


@register
class QuestionnairePdf(Document):
    identifier = "practices-questionnaire"
    verbose_name = _("Анкета лучшей практики")
    description = _("Поданная анкета целиком: ответы, материалы, история рассмотрения.")
    formats = (Format.PDF,)
    form_class = QuestionnaireForm
    # The contact person's name, phone and e-mail: each download is recorded.
    personal_data = True
    template_name = "practices/pdf/questionnaire.html"

    @classmethod
    def can_request(cls, user: Any) -> bool:
        """Representatives of an organisation and staff; the form narrows to what they see."""
        return bool(roles.organisation_ids(user)) or policy.can_see_register(user)

    def get_title(self) -> str:
        questionnaire = self.parameters["questionnaire"]
        return f"Анкета № {questionnaire.pk}: {questionnaire.display_title}"[:250]

    def get_filename(self, fmt: str) -> str:
        return f"Анкета {self.parameters['questionnaire'].pk}.{fmt}"

    def get_context(self, progress: Progress = lambda fraction: None) -> dict[str, Any]:
        questionnaire = Questionnaire.objects.select_related(
            "programme", "organisation__region", "municipality", "direction"
        ).get(pk=self.parameters["questionnaire"].pk)
        context = selectors.questionnaire_detail_context(questionnaire, staff=False)
        progress(0.1)
        photos = []
        for photo in context["photos"][:PDF_PHOTO_LIMIT]:
            source = photo.thumbnail or photo.file
            try:
                with source.open("rb") as handle:
                    photos.append((photo, data_uri(handle, "photo.jpg")))
            except FileNotFoundError:
                continue
        progress(0.2)
        return {**context, "questionnaire": questionnaire, "photo_uris": photos}


class RegisterForm(ParametersForm):
    programme = forms.ModelChoiceField(
        label=_("Программа"),
        queryset=Programme.objects.all(),
        required=False,
        empty_label=_("Текущая"),
    )
    state = forms.ChoiceField(
        label=_("Состояние"),
        required=False,
        choices=[("", _("Все"))]
        + [(v, label) for v, label in QuestionnaireState.choices if v in STAFF_VISIBLE_STATES],
    )
    q = forms.CharField(label=_("Поиск"), required=False, max_length=200)
    region = forms.ModelChoiceField(
        label=_("Регион"), queryset=Region.objects.all(), required=False
    )
    municipality = AutocompleteChoiceField(
        label=_("Муниципальное образование"),
        queryset=Municipality.objects.none(),
        lookup=Lookup(
            search_fields=("name", "oktmo"),
            filters={"region": "region_id"},
            label=municipality_label,
        ),
        required=False,
    )
    direction = forms.ModelChoiceField(
        label=_("Направление"), queryset=Direction.objects.all(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The municipalities of the staff member's own regions; every one for a command.
        self.fields["municipality"].queryset = (
            kernel_selectors.municipality_choices()
            if self.user is None
            else kernel_selectors.municipalities_for_staff(user=self.user)
        )


@register
class QuestionnaireRegister(Document):
    identifier = "practices-register"
    verbose_name = _("Реестр анкет лучших практик")
    description = _(
        "По строке на анкету: организация, регион, состояние и все ответы, включая "
        "дополнительные вопросы программы. Регион сотрудника — только свои анкеты."
    )
    formats = (Format.XLSX,)
    form_class = RegisterForm
    # The contact person's name, phone and e-mail: each download is recorded.
    personal_data = True

    @classmethod
    def can_request(cls, user: Any) -> bool:
        return policy.can_see_register(user)

    def _programme(self) -> Programme | None:
        return self.parameters.get("programme") or programme_current()

    def get_title(self) -> str:
        programme = self._programme()
        suffix = f" — {programme.title}" if programme else ""
        return f"Реестр анкет лучших практик{suffix}"

    def get_filename(self, fmt: str) -> str:
        return f"Реестр анкет {timezone.localdate():%d.%m.%Y}.{fmt}"

    def _queryset(self) -> QuerySet[Questionnaire]:
        p = self.parameters
        programme = self._programme()
        filters = {
            "state": p.get("state") or "",
            "search": p.get("q") or "",
            "region_id": p["region"].pk if p.get("region") else None,
            "municipality_id": p["municipality"].pk if p.get("municipality") else None,
            "direction_id": p["direction"].pk if p.get("direction") else None,
            "programme_id": programme.pk if programme else None,
        }
        if self.user is None:
            queryset = Questionnaire.objects.filter(state__in=STAFF_VISIBLE_STATES)
            queryset = selectors.apply_search(queryset, filters.pop("search"))
            for key, lookup in (
                ("state", "state"),
                ("region_id", "organisation__region_id"),
                ("municipality_id", "municipality_id"),
                ("direction_id", "direction_id"),
                ("programme_id", "programme_id"),
            ):
                if filters[key]:
                    queryset = queryset.filter(**{lookup: filters[key]})
        else:
            queryset = selectors.staff_questionnaires(self.user, **filters)
        # The register needs every answer, so nothing is deferred here.
        return (
            queryset.defer(None)
            .select_related("organisation__region", "municipality", "direction", "programme")
            .prefetch_related(
                Prefetch("extra_answers", queryset=ExtraAnswer.objects.all(), to_attr="answers"),
                Prefetch(
                    "attachments",
                    queryset=Attachment.objects.only("pk", "kind", "questionnaire_id"),
                    to_attr="files",
                ),
            )
            .order_by("organisation__region__name", "pk")
        )

    def iter_sheets(self, progress: Progress = lambda fraction: None) -> Iterator[Sheet]:
        programme = self._programme()
        questions = (
            list(ExtraQuestion.objects.filter(programme=programme).order_by("position", "pk"))
            if programme
            else []
        )
        queryset = self._queryset()
        count = queryset.count()
        progress(0.05)

        def rows() -> Iterator[list[Any]]:
            for q in queryset.iterator(chunk_size=500):
                answers = {a.question_id: a for a in q.answers}
                photos = sum(1 for f in q.files if f.kind == AttachmentKind.PHOTO)
                yield [
                    q.pk,
                    q.get_state_display(),
                    "да" if q.published_at else "",
                    timezone.localtime(q.submitted_at) if q.submitted_at else None,
                    q.organisation.region.name,
                    q.municipality.name if q.municipality_id else "",
                    q.organisation.name,
                    q.organisation.inn,
                    q.title,
                    q.direction.name if q.direction_id else "",
                    q.period,
                    q.geography,
                    q.problem,
                    q.goals,
                    q.target_groups,
                    q.people_reached,
                    q.partners_administration,
                    q.partners_ngo,
                    q.partners_business,
                    q.partners_media,
                    q.resources,
                    q.results_quantitative,
                    q.results_qualitative,
                    q.replication,
                    q.media_links,
                    photos,
                    len(q.files) - photos,
                    q.contact_name,
                    q.contact_position,
                    q.contact_phone,
                    q.contact_email,
                    "да" if q.consent_personal_data else "нет",
                    "да" if q.consent_publication else "нет",
                    q.return_message if q.state == QuestionnaireState.RETURNED else "",
                    *[
                        answers[question.pk].display_value if question.pk in answers else ""
                        for question in questions
                    ],
                ]

        yield Sheet(
            title="Анкеты",
            columns=[
                Column("№ анкеты", 10, "int"),
                Column("Состояние", 18),
                Column("В каталоге", 10),
                Column("Подана", 16, "datetime"),
                Column("Регион", 24),
                Column("Муниципальное образование", 26),
                Column("Организация", 36),
                Column("ИНН", 14),
                Column("Название практики", 40),
                Column("Направление", 26),
                Column("Сроки реализации", 20),
                Column("География", 30),
                Column("Проблема", 50),
                Column("Цели и задачи", 50),
                Column("Целевые группы", 30),
                Column("Охват, человек", 12, "int"),
                Column("Партнёры: органы власти", 30),
                Column("Партнёры: НКО", 30),
                Column("Партнёры: бизнес", 30),
                Column("Партнёры: СМИ", 30),
                Column("Ресурсы", 40),
                Column("Количественные результаты", 50),
                Column("Качественные результаты", 50),
                Column("Как повторить", 50),
                Column("Публикации в СМИ", 40),
                Column("Фотографий", 10, "int"),
                Column("Документов", 10, "int"),
                Column("Контактное лицо", 28),
                Column("Должность", 24),
                Column("Телефон", 18),
                Column("E-mail", 26),
                Column("Согласие на обработку ПДн", 12),
                Column("Согласие на публикацию", 12),
                Column("Сообщение при возврате", 40),
                *[Column(question.text[:120], 30) for question in questions],
            ],
            rows=rows(),
            row_count=count,
        )
