"""The commission's documents: the protocol (PDF) and the scores (XLSX, a sheet of reviews and a
ranking sheet). Registered with the engine when ``practices.documents`` is imported."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practices import permissions as policy
from practices import selectors
from practices.models import Commission, Criterion, Review, ReviewState, Score
from reports.engine import Column, Document, Format, ParametersForm, Progress, Sheet, register


class CommissionForm(ParametersForm):
    commission = forms.ModelChoiceField(
        label=_("Комиссия"),
        queryset=Commission.objects.select_related("programme"),
        error_messages={"invalid_choice": _("Такой комиссии нет.")},
    )


def _criteria(commission: Commission) -> list[Criterion]:
    return list(commission.criteria.filter(is_active=True).order_by("position", "pk"))


@register
class CommissionProtocol(Document):
    identifier = "practices-commission-protocol"
    verbose_name = _("Протокол экспертной комиссии")
    description = _("Состав комиссии, критерии, рейтинг анкет и решения комиссии.")
    formats = (Format.PDF,)
    form_class = CommissionForm
    template_name = "practices/pdf/commission_protocol.html"

    @classmethod
    def can_request(cls, user: Any) -> bool:
        return policy.can_see_all_reviews(user)

    def get_title(self) -> str:
        return f"Протокол: {self.parameters['commission']}"[:250]

    def get_filename(self, fmt: str) -> str:
        return f"Протокол комиссии {timezone.localdate():%d.%m.%Y}.{fmt}"

    def get_context(self, progress: Progress = lambda fraction: None) -> dict[str, Any]:
        commission = self.parameters["commission"]
        rows = list(selectors.ranking(commission, normalised=True))
        progress(0.5)
        return {
            "commission": commission,
            "members": list(commission.members.select_related("user")),
            "criteria": _criteria(commission),
            "rows": rows,
            "decided": [row for row in rows if getattr(row, "decision", None)],
            "today": timezone.localdate(),
        }


@register
class CommissionScores(Document):
    identifier = "practices-commission-scores"
    verbose_name = _("Оценки экспертов")
    description = _("По строке на оценку эксперта с баллами по критериям; второй лист — рейтинг.")
    formats = (Format.XLSX,)
    form_class = CommissionForm

    @classmethod
    def can_request(cls, user: Any) -> bool:
        return policy.can_see_all_reviews(user)

    def get_title(self) -> str:
        return f"Оценки экспертов: {self.parameters['commission']}"[:250]

    def get_filename(self, fmt: str) -> str:
        return f"Оценки экспертов {timezone.localdate():%d.%m.%Y}.{fmt}"

    def iter_sheets(self, progress: Progress = lambda fraction: None) -> Iterator[Sheet]:
        commission = self.parameters["commission"]
        criteria = _criteria(commission)
        reviews = (
            Review.objects.filter(
                questionnaire__programme_id=commission.programme_id,
                state=ReviewState.SUBMITTED,
            )
            .select_related("questionnaire__organisation__region", "expert")
            .prefetch_related(
                Prefetch("scores", queryset=Score.objects.all(), to_attr="score_list")
            )
            .order_by("questionnaire_id", "pk")
        )

        def review_rows() -> Iterator[list[Any]]:
            for review in reviews.iterator(chunk_size=500):
                values = {s.criterion_id: s for s in review.score_list}
                yield [
                    review.questionnaire_id,
                    review.questionnaire.display_title,
                    review.questionnaire.organisation.region.name,
                    str(review.expert),
                    timezone.localtime(review.submitted_at),
                    *[values[c.pk].value if c.pk in values else None for c in criteria],
                    review.total,
                    review.get_recommendation_display(),
                    review.overall_comment,
                ]

        yield Sheet(
            title="Оценки",
            columns=[
                Column("№ анкеты", 10, "int"),
                Column("Анкета", 40),
                Column("Регион", 24),
                Column("Эксперт", 30),
                Column("Отправлена", 16, "datetime"),
                *[Column(c.name[:120], 14, "int") for c in criteria],
                Column("Итог (взвешенный)", 14, "decimal"),
                Column("Рекомендация", 22),
                Column("Общий комментарий", 50),
            ],
            rows=review_rows(),
            row_count=reviews.count(),
        )
        progress(0.6)
        ranking = selectors.ranking(commission, normalised=True)

        def ranking_rows() -> Iterator[list[Any]]:
            for place, row in enumerate(ranking, start=1):
                decision = getattr(row, "decision", None)
                yield [
                    place,
                    row.pk,
                    row.display_title,
                    row.organisation.region.name,
                    row.mean,
                    row.median,
                    row.review_count,
                    row.spread,
                    row.z_mean,
                    "да" if row.disagreement else "",
                    decision.get_outcome_display() if decision else "",
                ]

        yield Sheet(
            title="Рейтинг",
            columns=[
                Column("Место", 8, "int"),
                Column("№ анкеты", 10, "int"),
                Column("Анкета", 40),
                Column("Регион", 24),
                Column("Средняя", 12, "decimal"),
                Column("Медиана", 12, "decimal"),
                Column("Оценок", 10, "int"),
                Column("Разброс", 12, "decimal"),
                Column("z-оценка", 12, "decimal"),
                Column("Расхождение", 12),
                Column("Решение", 20),
            ],
            rows=ranking_rows(),
            row_count=ranking.count(),
        )
