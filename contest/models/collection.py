"""The methodological collection («сборник методических материалов»): editions, chapters.

A chapter is drafted from the practice's records (questionnaire, contest entry and result,
support log), edited by the editor, approved by the organisation; the editor approves the
whole. Publishing freezes the edition's content (texts and downsampled photos) into
``Edition.frozen``; its PDF is rendered from that and kept, and can be rebuilt identically.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.kernel.uploads import IMAGES, MB, PDF, StoredFile, StoredFileField

CHAPTER_TEXT = 12_000


class Grouping(models.TextChoices):
    DIRECTION = "direction", _("По направлениям")
    REGION = "region", _("По регионам")


class PageSize(models.TextChoices):
    A4 = "A4", "A4"
    A5 = "A5", "A5"


class EditionState(models.TextChoices):
    DRAFT = "draft", _("Готовится")
    APPROVED = "approved", _("Одобрен редактором")
    PUBLISHED = "published", _("Опубликован")


class BuildState(models.TextChoices):
    NONE = "", _("Не собирался")
    QUEUED = "queued", _("В очереди")
    RUNNING = "running", _("Собирается")
    DONE = "done", _("Собран")
    FAILED = "failed", _("Ошибка")


class Edition(models.Model):
    programme = models.ForeignKey(
        "kernel.Programme",
        on_delete=models.CASCADE,
        related_name="collection_editions",
        verbose_name=_("программа"),
    )
    number = models.PositiveSmallIntegerField(_("выпуск"), default=1)
    title = models.CharField(
        _("название"),
        max_length=255,
        default="Лучшие практики в сфере межнациональных отношений",
    )
    subtitle = models.CharField(
        _("подзаголовок"),
        max_length=255,
        blank=True,
        default="Сборник методических материалов проекта «Ресурсная среда»",
    )
    year = models.PositiveIntegerField(_("год"))
    foreword = models.TextField(
        _("предисловие"), blank=True, validators=[MaxLengthValidator(CHAPTER_TEXT)]
    )
    how_to_use = models.TextField(
        _("как пользоваться сборником"), blank=True, validators=[MaxLengthValidator(CHAPTER_TEXT)]
    )
    grouping = models.CharField(
        _("главы сгруппированы"),
        max_length=16,
        choices=Grouping.choices,
        default=Grouping.DIRECTION,
    )
    page_size = models.CharField(
        _("формат страницы"), max_length=2, choices=PageSize.choices, default=PageSize.A5
    )
    state = models.CharField(
        _("состояние"), max_length=16, choices=EditionState.choices, default=EditionState.DRAFT
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("редактор"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто утвердил"),
    )
    approved_at = models.DateTimeField(_("одобрен"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто опубликовал"),
    )
    published_at = models.DateTimeField(_("опубликован"), null=True, blank=True)
    #: Everything the PDF and the public pages are made of, fixed at publication.
    frozen = models.JSONField(_("замороженное содержание"), null=True, blank=True, editable=False)
    pdf = StoredFileField(_("PDF"), upload_to="contest/collection", kinds=[PDF], blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 PDF"), max_length=64, blank=True)
    pdf_pages = models.PositiveIntegerField(_("страниц"), null=True, blank=True)
    pdf_size = models.PositiveBigIntegerField(_("размер, байт"), null=True, blank=True)
    build_state = models.CharField(
        _("сборка PDF"), max_length=16, choices=BuildState.choices, blank=True
    )
    build_error = models.TextField(_("ошибка сборки"), blank=True)
    rebuilt_at = models.DateTimeField(_("пересобран"), null=True, blank=True)
    rebuild_identical = models.BooleanField(_("пересборка совпала"), null=True, blank=True)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    class Meta:
        ordering = ["-programme__year", "-number"]
        verbose_name = _("выпуск сборника")
        verbose_name_plural = _("выпуски сборника")
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="edition_number_once"),
            models.CheckConstraint(
                condition=~Q(state="published") | Q(frozen__isnull=False),
                name="edition_published_is_frozen",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — выпуск {self.number} ({self.year})"

    @property
    def is_published(self) -> bool:
        return self.state == EditionState.PUBLISHED


class ChapterState(models.TextChoices):
    DRAFT = "draft", _("У редактора")
    WITH_ORGANISATION = "with_org", _("На согласовании у организации")
    CHANGES_REQUESTED = "changes", _("Организация просит исправить")
    APPROVED = "approved", _("Согласована организацией")


class Chapter(models.Model):
    """One practice in the collection, drafted from its records."""

    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="chapters",
        verbose_name=_("выпуск сборника"),
    )
    questionnaire = models.ForeignKey(
        "practices.Questionnaire",
        on_delete=models.PROTECT,
        related_name="collection_chapters",
        verbose_name=_("практика"),
    )
    entry = models.ForeignKey(
        "contest.Entry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chapters",
        verbose_name=_("конкурсная заявка"),
    )
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)
    state = models.CharField(
        _("состояние"), max_length=16, choices=ChapterState.choices, default=ChapterState.DRAFT
    )
    title = models.CharField(_("заголовок"), max_length=255)
    organisation_name = models.CharField(_("организация"), max_length=500)
    region_name = models.CharField(_("регион"), max_length=120)
    municipality_name = models.CharField(_("муниципальное образование"), max_length=255, blank=True)
    direction_name = models.CharField(_("направление"), max_length=255, blank=True)
    award = models.CharField(_("награда конкурса"), max_length=500, blank=True)
    lead = models.TextField(
        _("коротко о практике"), blank=True, validators=[MaxLengthValidator(1500)]
    )
    problem = models.TextField(
        _("проблема"), blank=True, validators=[MaxLengthValidator(CHAPTER_TEXT)]
    )
    actions = models.TextField(
        _("что было сделано"), blank=True, validators=[MaxLengthValidator(CHAPTER_TEXT)]
    )
    results = models.TextField(
        _("результаты в цифрах и фактах"), blank=True, validators=[MaxLengthValidator(CHAPTER_TEXT)]
    )
    partners = models.TextField(
        _("партнёры и ресурсы"), blank=True, validators=[MaxLengthValidator(CHAPTER_TEXT)]
    )
    replication = models.TextField(
        _("как повторить в другом месте"), blank=True, validators=[MaxLengthValidator(CHAPTER_TEXT)]
    )
    contact = models.TextField(
        _("контакт для публикации"), blank=True, validators=[MaxLengthValidator(1000)]
    )
    contact_agreed = models.BooleanField(
        _("организация согласна опубликовать контакт"), default=False
    )
    organisation_comment = models.TextField(_("замечания организации"), blank=True)
    drafted_at = models.DateTimeField(_("составлена из записей"), null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто правил"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто утвердил"),
    )
    approved_at = models.DateTimeField(_("согласована"), null=True, blank=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    class Meta:
        ordering = ["edition", "position", "pk"]
        verbose_name = _("глава сборника")
        verbose_name_plural = _("главы сборника")
        constraints = [
            models.UniqueConstraint(fields=["edition", "questionnaire"], name="chapter_once"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def anchor(self) -> str:
        return f"chapter-{self.questionnaire_id}"


class Consent(models.TextChoices):
    UNKNOWN = "", _("Не подтверждено")
    YES = "yes", _("Изображённые согласны")
    NO = "no", _("Согласия нет")


class EditionAsset(StoredFile):
    """A photo downsampled for print (at most ``PRINT_SIDE`` pixels a side), kept unchanged
    so a published edition renders the same forever."""

    file = StoredFileField(
        _("изображение"), upload_to="contest/collection-images", kinds=IMAGES, max_size=20 * MB
    )
    thumbnail = StoredFileField(
        _("миниатюра"), upload_to="contest/collection-thumbnails", blank=True, editable=False
    )
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="assets", verbose_name=_("выпуск сборника")
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    width = models.PositiveIntegerField(_("ширина"), default=0)
    height = models.PositiveIntegerField(_("высота"), default=0)

    class Meta:
        verbose_name = _("изображение сборника")
        verbose_name_plural = _("изображения сборника")
        constraints = [
            models.UniqueConstraint(fields=["edition", "sha256"], name="edition_asset_once"),
        ]


class ChapterPhoto(models.Model):
    """A photo of the practice proposed for its chapter; printed only with the consent of
    the people in it, which the organisation confirms."""

    chapter = models.ForeignKey(
        Chapter, on_delete=models.CASCADE, related_name="photos", verbose_name=_("глава")
    )
    attachment = models.ForeignKey(
        "practices.Attachment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("вложение анкеты"),
    )
    asset = models.ForeignKey(
        EditionAsset,
        on_delete=models.PROTECT,
        related_name="photos",
        verbose_name=_("файл выпуска"),
    )
    caption = models.CharField(_("подпись"), max_length=255, blank=True)
    consent = models.CharField(
        _("согласие изображённых"), max_length=8, choices=Consent.choices, blank=True
    )
    consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто подтвердил согласие"),
    )
    consent_at = models.DateTimeField(_("когда"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        ordering = ["chapter", "position", "pk"]
        verbose_name = _("фотография главы")
        verbose_name_plural = _("фотографии глав")

    def __str__(self) -> str:
        return self.caption or str(self.pk)

    @property
    def is_printed(self) -> bool:
        return self.consent == Consent.YES


class CollectionAction(models.TextChoices):
    DRAFT = "draft", _("Глава составлена из записей")
    EDIT = "edit", _("Глава отредактирована")
    SEND = "send", _("Глава отправлена организации")
    APPROVE_CHAPTER = "approve_chapter", _("Организация согласовала главу")
    REQUEST_CHANGES = "changes", _("Организация просит исправить главу")
    APPROVE = "approve", _("Редактор одобрил выпуск")
    PUBLISH = "publish", _("Выпуск опубликован")
    REBUILD = "rebuild", _("PDF пересобран из замороженного содержания")


class CollectionHistory(models.Model):
    """Who drafted, edited, approved and published what, and when."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="history", verbose_name=_("выпуск сборника")
    )
    chapter = models.ForeignKey(
        Chapter,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="history",
        verbose_name=_("глава"),
    )
    action = models.CharField(_("действие"), max_length=20, choices=CollectionAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("кто"),
    )
    message = models.TextField(_("сообщение"), blank=True)
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        ordering = ["edition", "created_at", "pk"]
        verbose_name = _("запись истории сборника")
        verbose_name_plural = _("история сборника")

    def __str__(self) -> str:
        return str(self.get_action_display())
