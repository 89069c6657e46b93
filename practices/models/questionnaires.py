"""Step 1: questionnaires (анкеты) describing municipal best practices, and what hangs off them."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.kernel.consent import QUESTIONNAIRE_CONSENT_VERSION
from resursnaya_sreda.kernel.limits import LONG_TEXT, SHORT_TEXT
from resursnaya_sreda.kernel.models import StateHistory
from resursnaya_sreda.kernel.uploads import (
    DOCUMENTS,
    IMAGES,
    MB,
    ODP,
    PPTX,
    StoredFile,
    StoredFileField,
)

MAX_PEOPLE_REACHED = 100_000_000

# Photos, PDF and office documents; a presentation is a PPTX or ODP (or a PDF).
ATTACHMENT_KINDS = (*IMAGES, *DOCUMENTS)
PRESENTATION_KINDS = (PPTX, ODP)
ATTACHMENT_MAX_SIZE = 20 * MB

# The consent wording is versioned: the version in force is stored with each consent given.
CONSENT_VERSION = QUESTIONNAIRE_CONSENT_VERSION


def long_text(verbose_name: str, limit: int = LONG_TEXT, help_text: str = "") -> models.TextField:
    """A text answer limited in the form (maxlength, counter) and in ``full_clean``."""
    return models.TextField(
        verbose_name,
        blank=True,
        max_length=limit,
        validators=[MaxLengthValidator(limit)],
        help_text=help_text,
    )


class Direction(models.Model):
    """A thematic direction of practices; the federal centre edits the list in the admin."""

    name = models.CharField(_("название"), max_length=SHORT_TEXT, unique=True)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)
    is_active = models.BooleanField(
        _("предлагать в анкете"), default=True, help_text=_("Снимите, чтобы скрыть из выбора.")
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("направление практик")
        verbose_name_plural = _("направления практик")

    def __str__(self) -> str:
        return self.name


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Текст")
    NUMBER = "number", _("Число")
    CHOICE = "choice", _("Выбор из списка")
    FILE = "file", _("Файл")


class ExtraQuestion(models.Model):
    """A question the federal centre adds to a programme's questionnaire without a release."""

    programme = models.ForeignKey(
        "kernel.Programme",
        on_delete=models.CASCADE,
        related_name="extra_questions",
        verbose_name=_("программа"),
    )
    text = models.CharField(_("вопрос"), max_length=500)
    help_text = models.CharField(_("подсказка"), max_length=500, blank=True)
    kind = models.CharField(_("тип ответа"), max_length=8, choices=QuestionKind.choices)
    choices = models.TextField(
        _("варианты ответа"),
        blank=True,
        help_text=_("Для типа «Выбор из списка»: по одному варианту на строку."),
    )
    is_required = models.BooleanField(_("обязательный"), default=False)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)
    is_active = models.BooleanField(_("показывать"), default=True)

    class Meta:
        ordering = ["programme", "position", "pk"]
        verbose_name = _("дополнительный вопрос анкеты")
        verbose_name_plural = _("дополнительные вопросы анкеты")

    def __str__(self) -> str:
        return self.text

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    @property
    def anchor(self) -> str:
        return f"extra_{self.pk}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.kind == QuestionKind.CHOICE and len(self.choice_list) < 2:
            raise ValidationError(
                {
                    "choices": _(
                        "Для выбора из списка нужны хотя бы два варианта, по одному на строку."
                    )
                }
            )


class QuestionnaireState(models.TextChoices):
    DRAFT = "draft", _("Черновик")
    SUBMITTED = "submitted", _("Подана")
    UNDER_REVIEW = "under_review", _("На рассмотрении")
    RETURNED = "returned", _("Возвращена на доработку")
    RESUBMITTED = "resubmitted", _("Подана повторно")
    WITHDRAWN = "withdrawn", _("Отозвана")


# States the applicant may still change; everything else is frozen for them.
EDITABLE_STATES = (QuestionnaireState.DRAFT, QuestionnaireState.RETURNED)
# States a regional centre works on (take into review, return, mark incomplete).
REVIEWABLE_STATES = (
    QuestionnaireState.SUBMITTED,
    QuestionnaireState.UNDER_REVIEW,
    QuestionnaireState.RESUBMITTED,
)
# Drafts are the applicant's private work: staff lists begin at submission.
STAFF_VISIBLE_STATES = (
    QuestionnaireState.SUBMITTED,
    QuestionnaireState.UNDER_REVIEW,
    QuestionnaireState.RETURNED,
    QuestionnaireState.RESUBMITTED,
    QuestionnaireState.WITHDRAWN,
)


class ReturnReason(models.TextChoices):
    REVISION = "revision", _("Нужна доработка")
    INCOMPLETE = "incomplete", _("Анкета неполная")


class Questionnaire(models.Model):
    """One organisation's description of one practice within one programme."""

    programme = models.ForeignKey(
        "kernel.Programme",
        on_delete=models.PROTECT,
        related_name="questionnaires",
        verbose_name=_("программа"),
    )
    organisation = models.ForeignKey(
        "kernel.Organisation",
        on_delete=models.PROTECT,
        related_name="questionnaires",
        verbose_name=_("организация"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("создал"),
    )
    state = models.CharField(
        _("состояние"),
        max_length=16,
        choices=QuestionnaireState.choices,
        default=QuestionnaireState.DRAFT,
    )
    return_reason = models.CharField(
        _("причина возврата"), max_length=16, choices=ReturnReason.choices, blank=True
    )
    return_message = models.TextField(_("сообщение при возврате"), blank=True)

    # --- The practice --------------------------------------------------------------------
    title = models.CharField(_("название практики"), max_length=SHORT_TEXT, blank=True)
    direction = models.ForeignKey(
        Direction,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questionnaires",
        verbose_name=_("направление"),
    )
    municipality = models.ForeignKey(
        "kernel.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questionnaires",
        verbose_name=_("муниципальное образование, где реализуется практика"),
    )
    problem = long_text(_("на какую проблему отвечает практика"))
    goals = long_text(_("цели и задачи"))
    target_groups = long_text(_("целевые группы"), limit=2000)
    people_reached = models.PositiveIntegerField(
        _("сколько человек охвачено"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_PEOPLE_REACHED)],
    )
    period = models.CharField(
        _("сроки реализации"),
        max_length=SHORT_TEXT,
        blank=True,
        help_text=_("Например: с сентября 2018 года, ежегодно."),
    )
    geography = long_text(_("география"), limit=2000)
    partners_administration = long_text(_("партнёры: органы власти и администрации"), limit=2000)
    partners_ngo = long_text(_("партнёры: НКО"), limit=2000)
    partners_business = long_text(_("партнёры: бизнес"), limit=2000)
    partners_media = long_text(_("партнёры: СМИ"), limit=2000)
    resources = long_text(_("ресурсы (кадровые, финансовые, материальные)"))
    results_quantitative = long_text(_("количественные результаты"))
    results_qualitative = long_text(_("качественные результаты"))
    replication = long_text(_("что нужно другому муниципалитету, чтобы повторить практику"))
    media_links = long_text(
        _("ссылки на публикации в СМИ"), limit=4000, help_text=_("По одной ссылке на строку.")
    )

    # --- Personal data: never shown in the public catalogue ------------------------------
    contact_name = models.CharField(_("контактное лицо (ФИО)"), max_length=SHORT_TEXT, blank=True)
    contact_position = models.CharField(_("должность"), max_length=SHORT_TEXT, blank=True)
    contact_phone = models.CharField(_("телефон"), max_length=40, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    consent_personal_data = models.BooleanField(
        _("согласие на обработку персональных данных"), default=False
    )
    consent_personal_data_at = models.DateTimeField(_("согласие дано"), null=True, blank=True)
    consent_version = models.CharField(_("редакция текста согласия"), max_length=16, blank=True)
    consent_publication = models.BooleanField(_("согласие на публикацию практики"), default=False)

    # --- Bookkeeping ---------------------------------------------------------------------
    version = models.PositiveIntegerField(
        _("версия"), default=1, help_text=_("Растёт с каждым сохранением; защищает от перезаписи.")
    )
    last_editor_token = models.CharField(
        max_length=64, blank=True, editable=False, verbose_name=_("метка редактора")
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("последним изменил"),
    )
    # Lower-cased public text (no personal data) searched by the lists: a GIN index over its
    # tsvector on PostgreSQL, a substring match on SQLite.
    search_document = models.TextField(
        blank=True, editable=False, verbose_name=_("текст для поиска")
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)
    submitted_at = models.DateTimeField(_("подана"), null=True, blank=True)
    state_changed_at = models.DateTimeField(_("состояние изменено"), null=True, blank=True)
    published_at = models.DateTimeField(
        _("опубликована в каталоге"),
        null=True,
        blank=True,
        help_text=_("Заполняется действием «Опубликовать в каталоге»."),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("анкета практики")
        verbose_name_plural = _("анкеты практик")
        indexes = [
            models.Index(fields=["state", "-submitted_at"], name="questionnaire_state_idx"),
            # The staff lists' order: read in index order instead of sorting every row.
            models.Index(fields=["-submitted_at", "-id"], name="questionnaire_submitted_idx"),
            # The dashboard's counts per region: read from the index, not from the rows.
            models.Index(
                fields=["programme", "state", "organisation", "id"],
                name="questionnaire_counted_idx",
            ),
            models.Index(
                fields=["-published_at"],
                condition=Q(published_at__isnull=False),
                name="questionnaire_published_idx",
            ),
            # The catalogue filtered by region: from the region's organisations to their
            # published practices, newest first, instead of walking every published practice
            # for the few of one region (EXPLAIN ANALYZE at 89 regions: 43 ms → 1.3 ms).
            models.Index(
                fields=["organisation", "-published_at", "-id"],
                condition=Q(published_at__isnull=False),
                name="questionnaire_org_pub_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=QuestionnaireState.values), name="questionnaire_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | ~Q(state="draft"),
                name="questionnaire_draft_not_published",
            ),
        ]

    def __str__(self) -> str:
        return self.title or str(_("Анкета без названия (№ %(pk)s)") % {"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def display_title(self) -> str:
        return str(self)

    @property
    def media_link_list(self) -> list[str]:
        return [line.strip() for line in self.media_links.splitlines() if line.strip()]

    @property
    def partner_items(self) -> list[tuple[str, str]]:
        return [
            (str(self._meta.get_field(name).verbose_name), getattr(self, name))
            for name in (
                "partners_administration",
                "partners_ngo",
                "partners_business",
                "partners_media",
            )
            if getattr(self, name)
        ]


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("Фотография")
    DOCUMENT = "document", _("Документ")
    PRESENTATION = "presentation", _("Презентация")


class Attachment(StoredFile):
    """A photo, a document or a presentation; checked by content, stored privately.

    The kind follows from the content (an image is a photo, PPTX/ODP a presentation), so a
    file cannot claim to be what it is not.
    """

    file = StoredFileField(
        _("файл"),
        upload_to="practices/attachments",
        kinds=ATTACHMENT_KINDS,
        max_size=ATTACHMENT_MAX_SIZE,
    )
    thumbnail = StoredFileField(
        _("миниатюра"),
        upload_to="practices/thumbnails",
        blank=True,
        editable=False,
    )
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("анкета"),
    )
    kind = models.CharField(_("вид"), max_length=16, choices=AttachmentKind.choices)
    caption = models.CharField(_("подпись"), max_length=SHORT_TEXT, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("загрузил"),
    )

    class Meta:
        ordering = ["questionnaire", "kind", "uploaded_at", "pk"]
        verbose_name = _("вложение анкеты")
        verbose_name_plural = _("вложения анкет")

    @property
    def is_photo(self) -> bool:
        return self.kind == AttachmentKind.PHOTO


class ExtraAnswer(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="extra_answers",
        verbose_name=_("анкета"),
    )
    question = models.ForeignKey(
        ExtraQuestion, on_delete=models.CASCADE, related_name="answers", verbose_name=_("вопрос")
    )
    text = models.TextField(_("текст"), blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    number = models.DecimalField(_("число"), max_digits=18, decimal_places=2, null=True, blank=True)
    file = StoredFileField(
        _("файл"),
        upload_to="practices/answers",
        kinds=ATTACHMENT_KINDS,
        max_size=ATTACHMENT_MAX_SIZE,
        blank=True,
    )
    file_name = models.CharField(_("имя файла"), max_length=SHORT_TEXT, blank=True)

    class Meta:
        verbose_name = _("ответ на дополнительный вопрос")
        verbose_name_plural = _("ответы на дополнительные вопросы")
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "question"], name="extra_answer_once"),
        ]

    def __str__(self) -> str:
        return self.display_value

    @property
    def is_empty(self) -> bool:
        return not self.text and self.number is None and not self.file

    @property
    def display_value(self) -> str:
        if self.number is not None:
            return f"{self.number.normalize():f}"
        if self.file:
            return self.file_name
        return self.text


class HistoryAction(models.TextChoices):
    CREATE = "create", _("Создана")
    SUBMIT = "submit", _("Подана")
    TAKE_INTO_REVIEW = "take_into_review", _("Принята на рассмотрение")
    RETURN = "return", _("Возвращена на доработку")
    MARK_INCOMPLETE = "mark_incomplete", _("Отмечена как неполная")
    RESUBMIT = "resubmit", _("Подана повторно")
    WITHDRAW = "withdraw", _("Отозвана")
    PUBLISH = "publish", _("Опубликована в каталоге")
    UNPUBLISH = "unpublish", _("Снята с публикации")


class QuestionnaireHistory(StateHistory):
    """Who changed a questionnaire's state, when, from what to what, and why."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="history", verbose_name=_("анкета")
    )
    action = models.CharField(_("действие"), max_length=20, choices=HistoryAction.choices)
    from_state = models.CharField(
        _("было"), max_length=16, choices=QuestionnaireState.choices, blank=True
    )
    to_state = models.CharField(_("стало"), max_length=16, choices=QuestionnaireState.choices)

    class Meta:
        ordering = ["questionnaire", "created_at", "pk"]
        verbose_name = _("запись истории анкеты")
        verbose_name_plural = _("история анкет")


class StaffComment(models.Model):
    """A note among federal and regional staff; applicants never see these."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="comments", verbose_name=_("анкета")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("автор"),
    )
    text = models.TextField(_("комментарий"), validators=[MaxLengthValidator(LONG_TEXT)])
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        ordering = ["questionnaire", "created_at", "pk"]
        verbose_name = _("комментарий сотрудника")
        verbose_name_plural = _("комментарии сотрудников")

    def __str__(self) -> str:
        return self.text[:60]
