"""Step 1's expert commission: its members and criteria, the secretary's admission check, the
experts' assignments and reviews, and the commission's decisions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from practices.models.questionnaires import LONG_TEXT, SHORT_TEXT, Questionnaire

DEFAULT_REVIEWERS = 2
# Review totals are weighted means on the criteria's scale; four decimals keep ranks stable.
TOTAL_DIGITS = {"max_digits": 8, "decimal_places": 4}


class Commission(models.Model):
    """The internal expert commission of one programme, with its assignment settings."""

    programme = models.OneToOneField(
        "kernel.Programme",
        on_delete=models.CASCADE,
        related_name="commission",
        verbose_name=_("программа"),
    )
    title = models.CharField(_("название"), max_length=SHORT_TEXT, default="Экспертная комиссия")
    reviewers_per_questionnaire = models.PositiveSmallIntegerField(
        _("экспертов на анкету"),
        default=DEFAULT_REVIEWERS,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    exclude_same_region = models.BooleanField(
        _("не назначать экспертов из региона заявителя"), default=False
    )
    disagreement_threshold = models.DecimalField(
        _("порог расхождения оценок"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("3"),
        help_text=_("Если разница итоговых оценок экспертов больше, анкета отмечается."),
    )
    review_days = models.PositiveSmallIntegerField(
        _("срок оценки, дней"), default=14, validators=[MinValueValidator(1)]
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("напоминать за, дней"), default=3, validators=[MaxValueValidator(60)]
    )
    criteria_revision = models.PositiveSmallIntegerField(
        _("редакция критериев"), default=1, editable=False
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    #: When the stored ranking (RankingRow) last changed: shown on the ranking page.
    ranking_refreshed_at = models.DateTimeField(
        _("рейтинг пересчитан"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("экспертная комиссия")
        verbose_name_plural = _("экспертные комиссии")

    def __str__(self) -> str:
        return f"{self.title} ({self.programme})"


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Председатель")
    SECRETARY = "secretary", _("Секретарь")
    EXPERT = "expert", _("Эксперт")


class CommissionMember(models.Model):
    commission = models.ForeignKey(
        Commission, on_delete=models.CASCADE, related_name="members", verbose_name=_("комиссия")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="commission_memberships",
        verbose_name=_("человек"),
    )
    role = models.CharField(_("роль в комиссии"), max_length=16, choices=MemberRole.choices)

    class Meta:
        ordering = ["commission", "role", "user__full_name"]
        verbose_name = _("член комиссии")
        verbose_name_plural = _("члены комиссии")
        constraints = [
            models.UniqueConstraint(fields=["commission", "user"], name="commission_member_once"),
            models.UniqueConstraint(
                fields=["commission"], condition=Q(role="chair"), name="commission_one_chair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class Criterion(models.Model):
    """A selection criterion. Retired (not active) criteria keep the scores given under them."""

    commission = models.ForeignKey(
        Commission, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("комиссия")
    )
    name = models.CharField(_("название"), max_length=SHORT_TEXT)
    description = models.TextField(
        _("описание"), blank=True, validators=[MaxLengthValidator(LONG_TEXT)]
    )
    scale_min = models.PositiveSmallIntegerField(_("минимум шкалы"), default=0)
    scale_max = models.PositiveSmallIntegerField(
        _("максимум шкалы"), default=10, validators=[MaxValueValidator(100)]
    )
    weight = models.DecimalField(
        _("вес"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)
    comment_required = models.BooleanField(_("комментарий обязателен"), default=False)
    revision = models.PositiveSmallIntegerField(_("редакция"), default=1, editable=False)
    is_active = models.BooleanField(_("действует"), default=True, editable=False)

    class Meta:
        ordering = ["commission", "-is_active", "position", "pk"]
        verbose_name = _("критерий отбора")
        verbose_name_plural = _("критерии отбора")
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_max__gt=F("scale_min")), name="criterion_scale_order"
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.scale_min}–{self.scale_max}, × {self.weight.normalize():f})"


class Admission(models.Model):
    """The secretary's admission check: experts see only admitted questionnaires."""

    questionnaire = models.OneToOneField(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="admission",
        verbose_name=_("анкета"),
    )
    admitted = models.BooleanField(_("допущена"))
    reason = models.TextField(
        _("причина"),
        blank=True,
        validators=[MaxLengthValidator(LONG_TEXT)],
        help_text=_("Обязательна при недопуске; заявитель её видит."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("кто решил"),
    )
    decided_at = models.DateTimeField(_("когда"), auto_now=True)

    class Meta:
        verbose_name = _("допуск анкеты")
        verbose_name_plural = _("допуски анкет")
        constraints = [
            models.CheckConstraint(
                condition=Q(admitted=True) | ~Q(reason=""), name="admission_refusal_has_reason"
            )
        ]

    def __str__(self) -> str:
        return str(_("допущена") if self.admitted else _("не допущена"))


class AssignmentState(models.TextChoices):
    ACTIVE = "active", _("Назначена")
    CONFLICT = "conflict", _("Конфликт интересов")


class Assignment(models.Model):
    """One questionnaire given to one expert. A declared conflict frees it for reassignment
    and keeps the pair from being assigned again."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("анкета"),
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="review_assignments",
        verbose_name=_("эксперт"),
    )
    state = models.CharField(
        _("состояние"),
        max_length=16,
        choices=AssignmentState.choices,
        default=AssignmentState.ACTIVE,
    )
    conflict_reason = models.TextField(_("конфликт интересов"), blank=True)
    due_on = models.DateField(_("оценить до"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("напоминание отправлено"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("кто назначил"),
    )
    created_at = models.DateTimeField(_("назначена"), auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("назначение эксперта")
        verbose_name_plural = _("назначения экспертов")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "expert"], name="assignment_once_per_expert"
            ),
            models.CheckConstraint(
                condition=Q(state__in=AssignmentState.values), name="assignment_state_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["expert", "state"], name="assignment_expert_idx"),
            # «Мои заявки на оценку»: one page in the list's order, straight from the index.
            models.Index(
                fields=["expert", "state", "due_on", "id"], name="assignment_expert_due_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire_id} → {self.expert}"


class ExpertTask(Assignment):
    """The expert's own view of their assignments in the admin."""

    class Meta:
        proxy = True
        verbose_name = _("заявка на оценку")
        verbose_name_plural = _("Мои заявки на оценку")


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("Черновик")
    SUBMITTED = "submitted", _("Отправлена")


class Recommendation(models.TextChoices):
    RECOMMEND = "recommend", _("Рекомендую")
    MAYBE = "maybe", _("Рекомендую с оговорками")
    REJECT = "reject", _("Не рекомендую")


class Review(models.Model):
    """An expert's scores for one assignment; locked once submitted."""

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="review", verbose_name=_("назначение")
    )
    # Denormalised from the assignment so the ranking aggregates without a join per row.
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("анкета")
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("эксперт"),
    )
    state = models.CharField(
        _("состояние"), max_length=16, choices=ReviewState.choices, default=ReviewState.DRAFT
    )
    overall_comment = models.TextField(
        _("общий комментарий"), blank=True, validators=[MaxLengthValidator(LONG_TEXT)]
    )
    recommendation = models.CharField(
        _("рекомендация"), max_length=16, choices=Recommendation.choices, blank=True
    )
    total = models.DecimalField(_("итоговая оценка"), null=True, blank=True, **TOTAL_DIGITS)
    #: The total against the expert's own mean and deviation in this programme, kept by
    #: services/ranking.py in the transaction that changes any of the expert's reviews.
    z_score = models.FloatField(_("z-оценка"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)
    submitted_at = models.DateTimeField(_("отправлена"), null=True, blank=True)

    class Meta:
        ordering = ["questionnaire", "pk"]
        verbose_name = _("оценка эксперта")
        verbose_name_plural = _("оценки экспертов")
        constraints = [
            models.CheckConstraint(
                condition=Q(state="draft") | Q(total__isnull=False, submitted_at__isnull=False),
                name="review_submitted_has_total",
            )
        ]
        indexes = [
            models.Index(fields=["questionnaire", "state"], name="review_questionnaire_idx"),
            models.Index(fields=["expert", "state"], name="review_expert_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.expert} — {self.questionnaire_id} ({self.get_state_display()})"

    @property
    def is_submitted(self) -> bool:
        return self.state == ReviewState.SUBMITTED

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> Review:
        review = super().from_db(db, field_names, values)
        # What the ranking depended on when loaded: a save that moves the review (another
        # expert or questionnaire) refreshes the old places too (services/ranking.py).
        loaded = review.__dict__
        review._ranked_as = (loaded.get("questionnaire_id"), loaded.get("expert_id"))
        review._ranked_state = loaded.get("state")
        return review


class Score(models.Model):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("оценка")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("критерий")
    )
    value = models.PositiveSmallIntegerField(_("балл"))
    comment = models.TextField(
        _("комментарий"), blank=True, validators=[MaxLengthValidator(LONG_TEXT)]
    )

    class Meta:
        ordering = ["review", "criterion__position", "pk"]
        verbose_name = _("балл по критерию")
        verbose_name_plural = _("баллы по критериям")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_once_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion.name}: {self.value}"


class Outcome(models.TextChoices):
    BEST = "best", _("Лучшая практика")
    NOT_SELECTED = "not_selected", _("Не отобрана")


class Decision(models.Model):
    """The commission's decision on a questionnaire; «лучшая практика» publishes it."""

    questionnaire = models.OneToOneField(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="decision",
        verbose_name=_("анкета"),
    )
    outcome = models.CharField(_("решение"), max_length=16, choices=Outcome.choices)
    reason = models.TextField(_("обоснование"), validators=[MaxLengthValidator(LONG_TEXT)])
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("кто решил"),
    )
    decided_at = models.DateTimeField(_("дата решения"), auto_now=True)

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("решение комиссии")
        verbose_name_plural = _("решения комиссии")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values), name="decision_outcome_valid"
            )
        ]

    def __str__(self) -> str:
        return self.get_outcome_display()


class RankingRow(models.Model):
    """The commission's aggregates for one admitted questionnaire, kept rather than recomputed:
    written by services/ranking.py in the same transaction as the review, admission or
    criteria change that alters them, so the ranking page reads rows."""

    questionnaire = models.OneToOneField(
        Questionnaire,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="ranking",
        verbose_name=_("анкета"),
    )
    programme = models.ForeignKey(
        "kernel.Programme", on_delete=models.CASCADE, related_name="+", verbose_name=_("программа")
    )
    review_count = models.PositiveIntegerField(_("оценок"), default=0)
    mean = models.FloatField(_("средняя"), null=True, blank=True)
    median = models.FloatField(_("медиана"), null=True, blank=True)
    spread = models.FloatField(_("разброс"), null=True, blank=True)
    z_mean = models.FloatField(_("z-оценка"), null=True, blank=True)
    refreshed_at = models.DateTimeField(_("пересчитано"))

    class Meta:
        verbose_name = _("строка рейтинга")
        verbose_name_plural = _("строки рейтинга")
        # Its ordering indexes are PostgreSQL's (DESC NULLS LAST): migration 0008.

    def __str__(self) -> str:
        return f"{self.questionnaire_id}: {self.mean}"
