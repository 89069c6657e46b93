"""Model side of uploads: the two storages, ``StoredFileField`` and the ``StoredFile`` base."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import Storage, default_storage, storages
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _

from resursnaya_sreda.kernel.uploads import serving
from resursnaya_sreda.kernel.uploads.checking import DEFAULT_MAX_SIZE, CheckedUpload
from resursnaya_sreda.kernel.uploads.kinds import BY_CODE, IMAGES, Kind
from resursnaya_sreda.kernel.uploads.names import RandomPath
from resursnaya_sreda.kernel.uploads.transactions import track_written


class _PrivateStorage(LazyObject):
    """``storages["private"]``, looked up on first use (and again after settings change)."""

    def _setup(self) -> None:
        self._wrapped = storages["private"]


private_storage: Storage = _PrivateStorage()  # type: ignore[assignment]


@receiver(setting_changed)
def _forget_private_storage(*, setting: str, **kwargs: Any) -> None:
    if setting in {"STORAGES", "MEDIA_ROOT", "PRIVATE_MEDIA_ROOT"}:
        private_storage._wrapped = empty  # type: ignore[attr-defined]


def get_private_storage() -> Storage:
    """Callable storage for fields, so migrations name this function and not an object."""
    return private_storage


def _kind_codes(kinds: Any) -> tuple[str, ...]:
    return tuple(kind.code if isinstance(kind, Kind) else str(kind) for kind in kinds or ())


class StoredFieldFile(models.fields.files.FieldFile):
    def save(self, name: str, content: Any, save: bool = True) -> None:
        super().save(name, content, save)
        track_written(self.storage, self.name)

    @property
    def url(self) -> str:
        """Public files: their /media/ URL. Private ones: the checked download URL, or ""."""
        self._require_file()
        if self.field.private:
            return serving.private_file_url(self.instance, self.field.name)
        return super().url


class StoredFileField(models.FileField):
    """A file stored under a random name in the public or the private storage.

    ``private=True`` (the default) keeps the file out of /media/; the owning app serves it after
    its own permission check (``register_private_files``). ``kinds`` and ``max_size`` configure
    the form field every ModelForm (and the admin) gets, so no form accepts an unchecked file.
    """

    attr_class = StoredFieldFile

    def __init__(
        self,
        verbose_name: Any = None,
        name: str | None = None,
        *,
        private: bool = True,
        upload_to: str = "uploads",
        kinds: Any = None,
        max_size: int | None = None,
        **kwargs: Any,
    ) -> None:
        self.private = private
        self.prefix = upload_to if isinstance(upload_to, str) else upload_to.prefix
        self.kind_codes = _kind_codes(kinds)
        self.max_size = max_size
        kwargs.pop("storage", None)
        kwargs.setdefault("max_length", 255)
        super().__init__(
            verbose_name,
            name,
            upload_to=RandomPath(self.prefix),
            storage=get_private_storage if private else default_storage,
            **kwargs,
        )

    @property
    def kinds(self) -> tuple[Kind, ...]:
        return tuple(BY_CODE[code] for code in self.kind_codes)

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("storage", None)
        kwargs["upload_to"] = self.prefix
        kwargs["private"] = self.private
        if kwargs.get("max_length") == 255:
            del kwargs["max_length"]
        if self.kind_codes:
            kwargs["kinds"] = list(self.kind_codes)
        if self.max_size:
            kwargs["max_size"] = self.max_size
        return name, path, args, kwargs

    def formfield(self, **kwargs: Any) -> Any:
        from resursnaya_sreda.kernel.uploads.forms import PortalFileField, PortalImageField

        kinds = self.kinds
        is_image = bool(kinds) and all(kind in IMAGES for kind in kinds)
        options: dict[str, Any] = {
            "form_class": PortalImageField if is_image else PortalFileField,
            "max_size": self.max_size or DEFAULT_MAX_SIZE,
        }
        if kinds:
            options["kinds"] = kinds
        # Skip FileField.formfield: it would limit the *display* name's length, which we trim.
        field = models.Field.formfield(self, **{**options, **kwargs})
        if not field.help_text:
            field.help_text = field.default_help_text()
        return field


class StoredFile(models.Model):
    """Base for an app's attachments: the file, its thumbnail and what we know about it.

    Subclasses usually redeclare ``file`` to set their folder, kinds, size limit or storage::

        class EventPhoto(StoredFile):
            file = StoredFileField(_("фотография"), upload_to="events/photos", kinds=IMAGES)
            event = models.ForeignKey(Event, ...)
    """

    file = StoredFileField(_("файл"), private=True, upload_to="attachments")
    thumbnail = StoredFileField(
        _("миниатюра"),
        private=True,
        upload_to="attachments/thumbnails",
        blank=True,
        editable=False,
    )
    display_name = models.CharField(_("имя файла"), max_length=255, editable=False)
    content_type = models.CharField(_("тип содержимого"), max_length=120, editable=False)
    size = models.PositiveBigIntegerField(_("размер, байт"), default=0, editable=False)
    uploaded_at = models.DateTimeField(_("загружен"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name or self.file.name

    def attach(self, upload: CheckedUpload) -> None:
        """Take a checked upload: the file, its thumbnail (for images) and its description.

        Files are written when the object is saved, inside the caller's ``atomic_with_files``.
        """
        self.file = upload
        self.thumbnail = upload.thumbnail if upload.thumbnail is not None else ""
        self.display_name = upload.display_name
        self.content_type = upload.content_type
        self.size = upload.size

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
