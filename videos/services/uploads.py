"""Receiving a cut in resumable pieces (the tus 1.0 protocol's server side) and joining them.

The browser runs tus-js-client: it creates an upload (``upload_create``), sends the file in
pieces (``upload_append``), asks how much arrived after a dropped connection or a reload
(``CutUpload.offset``) and goes on from there. Each piece is streamed from the request into
a spooled temporary file (memory up to 1 MB, disk beyond) and stored through the private
storage as its own object, so the web process's memory stays flat whatever the file's size
and any Django storage backend can hold an unfinished upload. Pieces are checked against the
offset under a row lock: two tabs sending the same file cannot interleave wrong bytes, the
loser is told the offset moved (409) and resynchronises.

The first piece is sniffed: a file that does not start like a video is refused at once,
before anything more is sent. When the last piece arrives, a ``Cut`` is created and the worker
joins the pieces (``cut_assemble``), so no web request copies gigabytes.
"""

from __future__ import annotations

import datetime
import shutil
import tempfile
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from resursnaya_sreda.kernel.uploads import atomic_with_files, format_size, private_storage
from resursnaya_sreda.kernel.uploads.kinds import describe, sniff_mime
from resursnaya_sreda.kernel.uploads.names import sanitise_display_name
from videos import permissions as policy
from videos.models import (
    CheckState,
    Cut,
    CutUpload,
    CutUploadPart,
    Story,
    UploadState,
)
from videos.services.specifications import specification_current

READ_BLOCK = 64 * 1024
SPOOL_IN_MEMORY = 1024 * 1024
# An upload that got nothing for this long no longer blocks a new one of the same story.
STALE_AFTER = datetime.timedelta(minutes=10)
VIDEO_MIMES = {
    "video/mp4",
    "video/quicktime",
    "video/x-matroska",
    "video/webm",
    "video/x-msvideo",
    "video/mpeg",
    "video/x-m4v",
    "video/3gpp",
    "video/x-ms-wmv",
    "video/x-flv",
}


class UploadRefused(Exception):
    """The request cannot be honoured; ``status`` is the HTTP answer, ``message`` the reason."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def max_upload_bytes() -> int:
    return int(settings.VIDEOS_MAX_UPLOAD_BYTES)


def _delete_parts(upload: CutUpload) -> None:
    parts = list(upload.parts.all())
    names = [part.file.name for part in parts if part.file]
    upload.parts.all().delete()

    def remove() -> None:
        for name in names:
            try:
                private_storage.delete(name)
            except OSError:
                pass

    transaction.on_commit(remove)


@transaction.atomic
def upload_create(*, story: Story, by: Any, length: int, filename: str) -> CutUpload:
    """Start receiving a cut of ``length`` bytes; refused over the limit, before any byte."""
    story = Story.objects.select_for_update().select_related("programme").get(pk=story.pk)
    if not policy.can_upload_cut(by, story):
        raise UploadRefused(403, _("Загружать монтаж можно во время съёмки или после возврата."))
    if length <= 0:
        raise UploadRefused(400, _("Файл пустой (0 байт)."))
    if length > max_upload_bytes():
        raise UploadRefused(
            413,
            _(
                "Файл %(size)s больше допустимых %(max)s: сожмите видео или обратитесь в "
                "федеральный центр."
            )
            % {"size": format_size(length), "max": format_size(max_upload_bytes())},
        )
    running = CutUpload.objects.filter(story=story, state=UploadState.RECEIVING).first()
    if running is not None:
        if timezone.now() - running.updated_at < STALE_AFTER:
            raise UploadRefused(
                409,
                _(
                    "Монтаж этого сюжета уже загружается (в другой вкладке или другим "
                    "сотрудником). Дождитесь окончания или отмените ту загрузку на странице "
                    "сюжета."
                ),
            )
        _abort(running, _("Загрузка брошена: начата новая."))
    upload = CutUpload(
        story=story,
        created_by=by,
        length=length,
        filename=sanitise_display_name(filename or "video.mp4"),
    )
    upload.full_clean()
    try:
        with transaction.atomic():
            upload.save()
    except IntegrityError as exc:  # two tabs pressed «Загрузить» at the same moment
        raise UploadRefused(409, _("Монтаж этого сюжета уже загружается.")) from exc
    return upload


def _abort(upload: CutUpload, message: str) -> None:
    upload.state = UploadState.ABORTED
    upload.message = message
    upload.save(update_fields=["state", "message", "updated_at"])
    _delete_parts(upload)


@transaction.atomic
def upload_abort(*, upload: CutUpload, by: Any, message: str = "") -> CutUpload:
    """Stop an upload (the person pressed «Отменить», or the tus client sent DELETE)."""
    upload = CutUpload.objects.select_for_update().select_related("story").get(pk=upload.pk)
    if not policy.can_view_story(by, upload.story):
        raise UploadRefused(404, "")
    if upload.state == UploadState.RECEIVING:
        _abort(upload, message or _("Загрузка отменена."))
    return upload


def _spool(stream: IO[bytes], limit: int) -> tuple[tempfile.SpooledTemporaryFile, int]:
    """Copy up to ``limit`` bytes of the request into a spooled file; a dropped connection
    leaves what arrived, which tus keeps (the client resumes from the new offset)."""
    spooled = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)
    received = 0
    while received < limit:
        try:
            block = stream.read(min(READ_BLOCK, limit - received))
        except OSError:
            break
        if not block:
            break
        spooled.write(block)
        received += len(block)
    spooled.seek(0)
    return spooled, received


def upload_append(
    *, upload: CutUpload, by: Any, offset: int, stream: IO[bytes], declared: int | None
) -> CutUpload:
    """Store one piece that starts at ``offset``; returns the upload with its new offset."""
    if upload.state == UploadState.ABORTED:
        raise UploadRefused(410, upload.message or _("Загрузка прервана."))
    if upload.state == UploadState.COMPLETE:
        raise UploadRefused(409, _("Файл уже получен целиком."))
    if not policy.can_upload_cut(by, upload.story):
        raise UploadRefused(403, _("Загружать монтаж в этом состоянии сюжета нельзя."))
    if offset != upload.offset:
        raise UploadRefused(409, _("Смещение не совпадает: продолжите загрузку."))
    remaining = upload.length - offset
    if declared is not None and declared > remaining:
        raise UploadRefused(413, _("Фрагмент выходит за объявленный размер файла."))
    if declared is not None and declared > 2 * int(settings.VIDEOS_CHUNK_BYTES):
        raise UploadRefused(413, _("Фрагмент слишком большой."))
    spooled, received = _spool(
        stream, min(remaining, declared if declared is not None else remaining)
    )
    try:
        if received == 0:
            return upload
        if offset == 0:
            head = spooled.read(8192)
            spooled.seek(0)
            mime = sniff_mime(head)
            if mime not in VIDEO_MIMES:
                message = _("Файл не похож на видео: %(what)s. Загрузите смонтированный ролик.") % {
                    "what": describe(mime)
                }
                with transaction.atomic():
                    locked = CutUpload.objects.select_for_update().get(pk=upload.pk)
                    _abort(locked, message)
                raise UploadRefused(415, message)
        return _store_piece(upload=upload, offset=offset, spooled=spooled, size=received)
    finally:
        spooled.close()


@atomic_with_files()
def _store_piece(*, upload: CutUpload, offset: int, spooled: IO[bytes], size: int) -> CutUpload:
    locked = (
        CutUpload.objects.select_for_update(of=("self",)).select_related("story").get(pk=upload.pk)
    )
    if locked.state != UploadState.RECEIVING:
        raise UploadRefused(410, locked.message or _("Загрузка прервана."))
    if locked.offset != offset:
        # Another tab stored this piece meanwhile: tell the client where we are.
        raise UploadRefused(409, _("Смещение не совпадает: продолжите загрузку."))
    part = CutUploadPart(upload=locked, offset=offset, size=size)
    part.file.save(f"{offset:013d}.part", File(spooled), save=False)
    part.save()
    locked.offset = offset + size
    if locked.offset == locked.length:
        locked.state = UploadState.COMPLETE
        spec = locked.story.specification or specification_current(locked.story.programme)
        cut = Cut(
            story=locked.story,
            display_name=locked.filename,
            size=locked.length,
            uploaded_by=locked.created_by,
            specification=spec,
            check_state=CheckState.PENDING,
        )
        cut.save()
        locked.cut = cut
        from videos.tasks import process_cut_task

        cut_id = cut.pk
        transaction.on_commit(lambda: process_cut_task.delay(cut_id))
    locked.save(update_fields=["offset", "state", "cut", "updated_at"])
    return locked


def cut_assemble(cut: Cut, target: IO[bytes]) -> int:
    """Join the pieces of ``cut``'s upload into ``target`` (a local temporary file)."""
    upload = CutUpload.objects.get(cut=cut)
    written = 0
    for part in upload.parts.order_by("offset"):
        with part.file.open("rb") as handle:
            shutil.copyfileobj(handle, target, length=1024 * 1024)
        written += part.size
    target.flush()
    return written


@transaction.atomic
def upload_expire(*, now: datetime.datetime | None = None) -> int:
    """Remove uploads nobody continued for ``VIDEOS_UPLOAD_EXPIRY_HOURS`` (beat, hourly)."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(hours=settings.VIDEOS_UPLOAD_EXPIRY_HOURS)
    stale = CutUpload.objects.select_for_update().filter(
        state=UploadState.RECEIVING, updated_at__lt=limit
    )
    count = 0
    for upload in stale:
        _abort(
            upload,
            _("Загрузка не продолжалась %(h)s ч и удалена.")
            % {"h": settings.VIDEOS_UPLOAD_EXPIRY_HOURS},
        )
        count += 1
    return count
