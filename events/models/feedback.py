"""Feedback: participants' answers to an event's form, and each pilot site's word on the
programme as a whole (step 6.8)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models.events import Event, EventKind
from events.models.registration import Registration
from resursnaya_sreda.kernel.limits import SHORT_TEXT, limited_text


class FeedbackQuestion(models.Model):
    """A question of the participants' feedback form; the federal centre edits them per kind."""

    kind = models.CharField(_("вид мероприятия"), max_length=16, choices=EventKind.choices)
    text = models.CharField(_("вопрос"), max_length=SHORT_TEXT)
    is_rating = models.BooleanField(
        _("оценка от 1 до 5"),
        default=True,
        help_text=_("Снимите для вопроса со свободным ответом."),
    )
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)
    is_active = models.BooleanField(_("задавать"), default=True)

    class Meta:
        ordering = ["kind", "position", "pk"]
        verbose_name = _("вопрос анкеты обратной связи")
        verbose_name_plural = _("вопросы анкеты обратной связи")

    def __str__(self) -> str:
        return self.text


class FeedbackResponse(models.Model):
    """A participant's one answer to the feedback form."""

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="feedback",
        verbose_name=_("участник"),
    )
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("мероприятие")
    )
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("отзыв участника")
        verbose_name_plural = _("отзывы участников")

    def __str__(self) -> str:
        return f"{self.registration_id} ({self.created_at:%d.%m.%Y})"


class FeedbackAnswer(models.Model):
    response = models.ForeignKey(
        FeedbackResponse, on_delete=models.CASCADE, related_name="answers", verbose_name=_("отзыв")
    )
    question = models.ForeignKey(
        FeedbackQuestion, on_delete=models.PROTECT, related_name="+", verbose_name=_("вопрос")
    )
    rating = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        verbose_name=_("оценка"),
    )
    text = limited_text(_("ответ"))

    class Meta:
        ordering = ["response", "question__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="feedback_answer_once"),
        ]

    def __str__(self) -> str:
        return str(self.rating) if self.rating is not None else self.text[:60]


class ProgrammeFeedback(models.Model):
    """Step 6.8: each pilot site fills one form on the programme as a whole."""

    pilot_site = models.OneToOneField(
        "kernel.PilotSite",
        on_delete=models.CASCADE,
        related_name="programme_feedback",
        verbose_name=_("пилотная площадка"),
    )
    usefulness = models.PositiveSmallIntegerField(
        _("польза программы для региона (1–5)"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    what_worked = limited_text(_("что получилось"), blank=False)
    what_to_change = limited_text(_("что изменить"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("кто отправил"),
    )
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        ordering = ["pilot_site__region__name"]
        verbose_name = _("отзыв площадки о программе")
        verbose_name_plural = _("отзывы площадок о программе")

    def __str__(self) -> str:
        return str(self.pilot_site)
