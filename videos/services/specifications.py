"""Writes on the technical specification (step 4.1)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from resursnaya_sreda.kernel.models import PilotSite, Programme
from resursnaya_sreda.kernel.uploads import CheckedUpload, atomic_with_files, delete_on_commit
from videos import notifications
from videos import permissions as policy
from videos.models import Specification, SpecificationAck, SpecificationState
from videos.services.common import StoryError

SPEC_FIELDS = (
    "text",
    "min_duration_seconds",
    "max_duration_seconds",
    "min_width",
    "min_height",
    "aspect_ratio",
    "min_fps",
    "max_fps",
    "video_codecs",
    "audio_codecs",
    "containers",
    "max_file_size_mb",
    "loudness_min_lufs",
    "loudness_max_lufs",
)


def specification_current(programme: Programme) -> Specification | None:
    """The newest issued version: the one sites work to."""
    return (
        Specification.objects.filter(programme=programme, state=SpecificationState.ISSUED)
        .order_by("-version")
        .first()
    )


def specification_draft(programme: Programme) -> Specification | None:
    return Specification.objects.filter(programme=programme, state=SpecificationState.DRAFT).first()


@atomic_with_files()
def specification_save(
    *,
    programme: Programme,
    by: Any,
    data: dict[str, Any],
    sample_script: CheckedUpload | None = None,
) -> Specification:
    """Write the draft (a new version copied from the current one when there is no draft)."""
    if not policy.can_manage_specification(by):
        raise PermissionDenied
    spec = (
        Specification.objects.select_for_update()
        .filter(programme=programme, state=SpecificationState.DRAFT)
        .first()
    )
    if spec is None:
        current = specification_current(programme)
        number = (
            Specification.objects.filter(programme=programme).aggregate(n=Max("version"))["n"] or 0
        ) + 1
        spec = Specification(programme=programme, version=number, created_by=by)
        if current is not None:
            for name in SPEC_FIELDS:
                setattr(spec, name, getattr(current, name))
            spec.sample_script = current.sample_script.name if current.sample_script else ""
            spec.sample_script_name = current.sample_script_name
    for name in SPEC_FIELDS:
        if name in data:
            setattr(spec, name, data[name])
    if sample_script is not None:
        if spec.sample_script and spec.pk:
            previous = Specification.objects.get(pk=spec.pk).sample_script
            shared = Specification.objects.filter(sample_script=previous.name).exclude(pk=spec.pk)
            if not shared.exists():
                delete_on_commit(previous)
        spec.sample_script = sample_script
        spec.sample_script_name = sample_script.display_name
    spec.full_clean()
    spec.save()
    return spec


@transaction.atomic
def specification_issue(*, spec: Specification, by: Any) -> Specification:
    """Fix the draft as the version sites work to and tell every site."""
    if not policy.can_manage_specification(by):
        raise PermissionDenied
    spec = Specification.objects.select_for_update().get(pk=spec.pk)
    if spec.state != SpecificationState.DRAFT:
        raise StoryError(_("Эта редакция уже выпущена."))
    if spec.aspect is None:
        raise StoryError(_("Соотношение сторон нужно указать как два числа, например 16:9."))
    spec.state = SpecificationState.ISSUED
    spec.issued_by = by
    spec.issued_at = timezone.now()
    spec.full_clean()
    spec.save()
    site_ids = PilotSite.objects.filter(programme=spec.programme).values_list("pk", flat=True)
    notifications.specification_issued(spec, site_ids)
    return spec


@transaction.atomic
def specification_acknowledge(*, spec: Specification, site: PilotSite, by: Any) -> SpecificationAck:
    """The site confirms it works to this version (idempotent)."""
    if not policy.can_acknowledge(by, site):
        raise PermissionDenied
    if spec.state != SpecificationState.ISSUED or spec.programme_id != site.programme_id:
        raise StoryError(_("Подтвердить можно только выпущенную редакцию своей программы."))
    ack, _created = SpecificationAck.objects.get_or_create(
        specification=spec, pilot_site=site, defaults={"acknowledged_by": by}
    )
    return ack
