"""Evidence of an event held: scans of the signed registration sheets and photos."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models.events import SCAN_MAX_SIZE, Event
from events.models.registration import Registration
from resursnaya_sreda.kernel.limits import SHORT_TEXT
from resursnaya_sreda.kernel.uploads import IMAGES, MB, SCANS, StoredFile, StoredFileField

PHOTO_MAX_SIZE = 20 * MB


class EventScan(StoredFile):
    """A scan of a signed registration sheet: a PDF or a photo of the page."""

    file = StoredFileField(
        _("скан листа регистрации"),
        upload_to="events/scans",
        kinds=SCANS,
        max_size=SCAN_MAX_SIZE,
    )
    thumbnail = StoredFileField(
        _("миниатюра"), upload_to="events/scans/thumbnails", blank=True, editable=False
    )
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="scans", verbose_name=_("мероприятие")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("кто загрузил"),
    )

    class Meta:
        ordering = ["event", "uploaded_at", "pk"]
        verbose_name = _("скан листа регистрации")
        verbose_name_plural = _("сканы листов регистрации")


class EventPhoto(StoredFile):
    """A photo from the event; public only if everyone marked on it consented to photos."""

    file = StoredFileField(
        _("фотография"), upload_to="events/photos", kinds=IMAGES, max_size=PHOTO_MAX_SIZE
    )
    thumbnail = StoredFileField(
        _("миниатюра"), upload_to="events/photos/thumbnails", blank=True, editable=False
    )
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="photos", verbose_name=_("мероприятие")
    )
    caption = models.CharField(_("подпись"), max_length=SHORT_TEXT, blank=True)
    people = models.ManyToManyField(
        Registration, blank=True, related_name="photos", verbose_name=_("кто на фото")
    )
    # Stored, not computed, so public lists filter on it without reading the people.
    has_non_consenting = models.BooleanField(
        _("на фото есть человек без согласия на съёмку"), default=False
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("кто загрузил"),
    )

    class Meta:
        ordering = ["event", "uploaded_at", "pk"]
        verbose_name = _("фотография мероприятия")
        verbose_name_plural = _("фотографии мероприятий")
