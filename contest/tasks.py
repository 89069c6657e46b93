"""Celery tasks of the contest: each takes ids and calls a service."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.utils.translation import override

from contest import services

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    soft_time_limit=settings.REPORTS_SOFT_TIME_LIMIT,
    time_limit=settings.REPORTS_HARD_TIME_LIMIT,
)
def build_package_task(package_id: int) -> None:
    """The ZIP for the organiser; a failure is recorded on the package with a message."""
    with override("ru"):
        try:
            services.build_package(package_id=package_id)
        except Exception:
            logger.exception("Contest package %s failed", package_id)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    soft_time_limit=settings.REPORTS_SOFT_TIME_LIMIT,
    time_limit=settings.REPORTS_HARD_TIME_LIMIT,
)
def build_edition_task(edition_id: int) -> None:
    """The published edition's PDF, rendered from its frozen content in parallel sections."""
    with override("ru"):
        try:
            services.edition_build_pdf(edition_id=edition_id)
        except Exception:
            logger.exception("Collection edition %s failed to build", edition_id)


@shared_task(
    acks_late=True,
    ignore_result=True,
    soft_time_limit=settings.REPORTS_SOFT_TIME_LIMIT,
    time_limit=settings.REPORTS_HARD_TIME_LIMIT,
)
def rebuild_edition_task(edition_id: int, user_id: int | None = None) -> None:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    with override("ru"):
        try:
            services.edition_rebuild(edition_id=edition_id, by=user)
        except Exception:
            logger.exception("Collection edition %s failed to rebuild", edition_id)
