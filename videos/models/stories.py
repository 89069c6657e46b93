"""Stories: per pilot site, about its practices, with partners, releases, states and history."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.kernel.models import StateHistory
from resursnaya_sreda.kernel.uploads import MB, SCANS, StoredFileField
from videos.models.specifications import LONG_TEXT, SCRIPT_KINDS, SCRIPT_MAX_SIZE, Specification

SCAN_MAX_SIZE = 20 * MB


class StoryState(models.TextChoices):
    IDEA = "idea", _("Замысел")
    SCRIPT_SUBMITTED = "script_submitted", _("Сценарий на согласовании")
    SCRIPT_RETURNED = "script_returned", _("Сценарий возвращён")
    SCRIPT_APPROVED = "script_approved", _("Сценарий согласован")
    FILMING = "filming", _("Съёмка")
    CUT_SUBMITTED = "cut_submitted", _("Монтаж на приёмке")
    CUT_RETURNED = "cut_returned", _("Монтаж возвращён")
    CUT_APPROVED = "cut_approved", _("Монтаж принят")
    SCHEDULED = "scheduled", _("В графике выпуска")
    PUBLISHED = "published", _("Опубликован")


# The order of the states along the way, for progress bars and the federal matrix.
STATE_ORDER = [
    StoryState.IDEA,
    StoryState.SCRIPT_SUBMITTED,
    StoryState.SCRIPT_RETURNED,
    StoryState.SCRIPT_APPROVED,
    StoryState.FILMING,
    StoryState.CUT_SUBMITTED,
    StoryState.CUT_RETURNED,
    StoryState.CUT_APPROVED,
    StoryState.SCHEDULED,
    StoryState.PUBLISHED,
]
# The script, title and practices are the site's to change only before the centre reviews them.
SCRIPT_EDITABLE = {StoryState.IDEA, StoryState.SCRIPT_RETURNED}
# Partners and people on screen change until the cut is accepted.
CREW_EDITABLE = {
    StoryState.IDEA,
    StoryState.SCRIPT_SUBMITTED,
    StoryState.SCRIPT_RETURNED,
    StoryState.SCRIPT_APPROVED,
    StoryState.FILMING,
    StoryState.CUT_SUBMITTED,
    StoryState.CUT_RETURNED,
}
CUT_UPLOAD_STATES = {StoryState.FILMING, StoryState.CUT_RETURNED}
# A story that has a finished cut: the release schedule may rely on its date.
DONE_STATES = {StoryState.CUT_APPROVED, StoryState.SCHEDULED, StoryState.PUBLISHED}


class Story(models.Model):
    """One video story of a pilot site, about one or two of its practices."""

    programme = models.ForeignKey(
        "kernel.Programme",
        on_delete=models.CASCADE,
        related_name="video_stories",
        verbose_name=_("программа"),
    )
    pilot_site = models.ForeignKey(
        "kernel.PilotSite",
        on_delete=models.CASCADE,
        related_name="video_stories",
        verbose_name=_("пилотная площадка"),
    )
    number = models.PositiveSmallIntegerField(_("номер сюжета площадки"), default=1)
    title = models.CharField(_("название"), max_length=255)
    synopsis = models.TextField(
        _("о чём сюжет"), blank=True, validators=[MaxLengthValidator(LONG_TEXT)]
    )
    script_text = models.TextField(
        _("сценарий"), blank=True, validators=[MaxLengthValidator(4 * LONG_TEXT)]
    )
    script_file = StoredFileField(
        _("файл сценария"),
        upload_to="videos/scripts",
        kinds=SCRIPT_KINDS,
        max_size=SCRIPT_MAX_SIZE,
        blank=True,
    )
    script_file_name = models.CharField(_("имя файла сценария"), max_length=255, blank=True)
    practices = models.ManyToManyField(
        "practices.Questionnaire",
        through="StoryPractice",
        related_name="video_stories",
        verbose_name=_("практики"),
    )
    state = models.CharField(
        _("состояние"), max_length=20, choices=StoryState.choices, default=StoryState.IDEA
    )
    return_message = models.TextField(_("замечания федерального центра"), blank=True)
    specification = models.ForeignKey(
        Specification,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stories",
        verbose_name=_("редакция требований"),
    )
    release_on = models.DateField(_("дата выпуска"), null=True, blank=True)
    published_at = models.DateTimeField(_("опубликован"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("кто создал"),
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)
    state_changed_at = models.DateTimeField(_("состояние изменено"), null=True, blank=True)

    class Meta:
        ordering = ["pilot_site__region__name", "number"]
        verbose_name = _("видеосюжет")
        verbose_name_plural = _("видеосюжеты")
        constraints = [
            models.UniqueConstraint(fields=["pilot_site", "number"], name="video_story_number"),
            models.CheckConstraint(
                condition=Q(state__in=StoryState.values), name="video_story_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(state="published"),
                name="video_story_published_state",
            ),
        ]
        indexes = [models.Index(fields=["programme", "state"], name="video_story_state_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.state == StoryState.PUBLISHED


class StoryPractice(models.Model):
    """A practice the story shows: one of the site's step-3 practices or a best practice."""

    story = models.ForeignKey(
        Story,
        on_delete=models.CASCADE,
        related_name="story_practices",
        verbose_name=_("видеосюжет"),
    )
    questionnaire = models.ForeignKey(
        "practices.Questionnaire",
        on_delete=models.PROTECT,
        related_name="story_links",
        verbose_name=_("практика"),
    )
    position = models.PositiveSmallIntegerField(_("порядок"), default=1)

    class Meta:
        ordering = ["story", "position", "pk"]
        verbose_name = _("практика в сюжете")
        verbose_name_plural = _("практики в сюжетах")
        constraints = [
            models.UniqueConstraint(fields=["story", "questionnaire"], name="video_story_practice")
        ]

    def __str__(self) -> str:
        return f"{self.story}: {self.questionnaire}"


class StoryAction(models.TextChoices):
    CREATE = "create", _("Создан")
    SUBMIT_SCRIPT = "submit_script", _("Сценарий отправлен")
    APPROVE_SCRIPT = "approve_script", _("Сценарий согласован")
    RETURN_SCRIPT = "return_script", _("Сценарий возвращён")
    START_FILMING = "start_filming", _("Начата съёмка")
    SUBMIT_CUT = "submit_cut", _("Монтаж отправлен")
    APPROVE_CUT = "approve_cut", _("Монтаж принят")
    RETURN_CUT = "return_cut", _("Монтаж возвращён")
    SCHEDULE = "schedule", _("Назначена дата выпуска")
    PUBLISH = "publish", _("Опубликован")


class StoryHistory(StateHistory):
    """Who moved the story from which state to which, when, and what they said."""

    story = models.ForeignKey(
        Story, on_delete=models.CASCADE, related_name="history", verbose_name=_("видеосюжет")
    )
    action = models.CharField(_("действие"), max_length=20, choices=StoryAction.choices)
    from_state = models.CharField(_("было"), max_length=20, choices=StoryState.choices, blank=True)
    to_state = models.CharField(_("стало"), max_length=20, choices=StoryState.choices)

    class Meta:
        ordering = ["story", "created_at", "pk"]
        verbose_name = _("запись истории сюжета")
        verbose_name_plural = _("история сюжетов")


class PartnerRole(models.TextChoices):
    CAMERA_CREW = "camera_crew", _("Съёмочная группа")
    STUDIO = "studio", _("Студия")
    LOCAL_TV = "local_tv", _("Местное телевидение")
    EDITING = "editing", _("Монтаж")
    VENUE = "venue", _("Площадка для съёмки")
    OTHER = "other", _("Другое")


class FilmingPartner(models.Model):
    """Step 4.4: an organisation the site brought in for filming, with the agreement scan."""

    story = models.ForeignKey(
        Story, on_delete=models.CASCADE, related_name="partners", verbose_name=_("видеосюжет")
    )
    name = models.CharField(_("организация"), max_length=255)
    role = models.CharField(_("роль"), max_length=16, choices=PartnerRole.choices)
    contact = models.CharField(_("контакт"), max_length=255, blank=True)
    agreement = StoredFileField(
        _("скан соглашения"),
        upload_to="videos/agreements",
        kinds=SCANS,
        max_size=SCAN_MAX_SIZE,
        blank=True,
    )
    agreement_name = models.CharField(_("имя файла соглашения"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("добавлен"), auto_now_add=True)

    class Meta:
        ordering = ["story", "pk"]
        verbose_name = _("партнёр съёмки")
        verbose_name_plural = _("партнёры съёмки")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class OnScreenPerson(models.Model):
    """A person filmed for the story; without the scan of their release the cut is not accepted.

    Personal data: only the site's staff and the federal centre see these rows.
    """

    story = models.ForeignKey(
        Story, on_delete=models.CASCADE, related_name="people", verbose_name=_("видеосюжет")
    )
    full_name = models.CharField(_("ФИО"), max_length=255)
    role = models.CharField(
        _("кто в сюжете"), max_length=255, blank=True, help_text=_("Например: автор практики.")
    )
    release = StoredFileField(
        _("скан согласия на съёмку"),
        upload_to="videos/releases",
        kinds=SCANS,
        max_size=SCAN_MAX_SIZE,
        blank=True,
    )
    release_name = models.CharField(_("имя файла согласия"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("добавлен"), auto_now_add=True)

    class Meta:
        ordering = ["story", "full_name", "pk"]
        verbose_name = _("человек в кадре")
        verbose_name_plural = _("люди в кадре")

    def __str__(self) -> str:
        return self.full_name

    @property
    def has_release(self) -> bool:
        return bool(self.release)


class Platform(models.TextChoices):
    YOUTUBE = "youtube", "YouTube"
    VK = "vk", _("VK Видео")
    RUTUBE = "rutube", "Rutube"


class PublicationLink(models.Model):
    """Where the story is published; only links each platform's own parser accepted."""

    story = models.ForeignKey(
        Story, on_delete=models.CASCADE, related_name="links", verbose_name=_("видеосюжет")
    )
    platform = models.CharField(_("площадка"), max_length=8, choices=Platform.choices)
    url = models.URLField(_("ссылка"), max_length=500)
    video_id = models.CharField(_("идентификатор видео"), max_length=100)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("кто добавил"),
    )
    added_at = models.DateTimeField(_("добавлена"), auto_now=True)

    class Meta:
        ordering = ["story", "platform"]
        verbose_name = _("ссылка на публикацию")
        verbose_name_plural = _("ссылки на публикации")
        constraints = [
            models.UniqueConstraint(fields=["story", "platform"], name="video_link_platform"),
            models.CheckConstraint(
                condition=Q(platform__in=Platform.values), name="video_link_platform_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()}: {self.video_id}"

    @property
    def embed_url(self) -> str:
        from videos.links import embed_url

        return embed_url(self.platform, self.video_id)
