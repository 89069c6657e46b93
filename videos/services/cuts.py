"""The machine check of a cut on the worker: join, probe, compare, poster, preview."""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from resursnaya_sreda.kernel.uploads import atomic_with_files, private_storage
from videos import probe
from videos.models import CheckState, Cut, CutUpload
from videos.services.specifications import specification_current
from videos.services.uploads import cut_assemble

logger = logging.getLogger(__name__)
KNOWN_EXTENSIONS = {".mp4", ".mov", ".m4v", ".mkv", ".webm", ".avi", ".mpg", ".mpeg", ".mxf"}


def _extension(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return suffix if suffix in KNOWN_EXTENSIONS else ".bin"


def _store_source(cut: Cut, source: Path) -> None:
    """The joined file becomes the cut's stored file; the pieces go."""
    with atomic_with_files(), source.open("rb") as handle:
        cut.file.save(f"cut{_extension(cut.display_name)}", File(handle), save=False)
        Cut.objects.filter(pk=cut.pk).update(file=cut.file.name)
        upload = CutUpload.objects.filter(cut=cut).first()
        if upload is not None:
            names = [part.file.name for part in upload.parts.all()]
            upload.parts.all().delete()
            transaction.on_commit(lambda: [private_storage.delete(n) for n in names])


def _fail(cut: Cut, message: str) -> Cut:
    cut.check_state = CheckState.ERROR
    cut.error = message
    cut.report = [{"code": "readable", "label": _("Файл"), "ok": False, "message": message}]
    cut.checked_at = timezone.now()
    cut.save()
    return cut


def cut_process(*, cut_id: int) -> Cut:
    """Check a cut against its specification and make its poster and preview (worker)."""
    cut = Cut.objects.select_related("story__programme", "specification").get(pk=cut_id)
    if cut.is_checked:
        return cut
    Cut.objects.filter(pk=cut.pk).update(check_state=CheckState.RUNNING)
    with tempfile.TemporaryDirectory(prefix="videos-") as folder:
        source = Path(folder) / f"source{_extension(cut.display_name)}"
        with source.open("wb") as target:
            if cut.file:
                with cut.file.open("rb") as stored:
                    shutil.copyfileobj(stored, target, length=1024 * 1024)
            else:
                cut_assemble(cut, target)
        if not cut.file:
            _store_source(cut, source)
        spec = cut.specification or specification_current(cut.story.programme)
        if spec is None:
            return _fail(cut, _("Нет выпущенных технических требований: проверять не с чем."))
        cut.specification = spec
        try:
            result = probe.probe(source)
        except probe.ProbeError as exc:
            return _fail(cut, str(exc))
        if result.audio_codec:
            result.loudness = probe.measure_loudness(source)
        report = probe.check(result, spec, size=cut.size)
        cut.report = report
        cut.duration = result.duration
        cut.width = result.width
        cut.height = result.height
        cut.fps = result.fps
        cut.video_codec = result.video_codec
        cut.audio_codec = result.audio_codec
        cut.container = ", ".join(sorted(result.container_names))
        cut.loudness = result.loudness
        cut.check_state = (
            CheckState.PASSED if all(item["ok"] for item in report) else CheckState.FAILED
        )
        cut.error = ""
        poster = Path(folder) / "poster.jpg"
        preview = Path(folder) / "preview.mp4"
        with atomic_with_files():
            if probe.make_poster(source, poster, at=min(10.0, (result.duration or 0) * 0.1)):
                with poster.open("rb") as handle:
                    cut.poster.save("poster.jpg", File(handle), save=False)
            if probe.make_preview(source, preview):
                with preview.open("rb") as handle:
                    cut.preview.save("preview.mp4", File(handle), save=False)
            cut.checked_at = timezone.now()
            cut.save()
    return cut
