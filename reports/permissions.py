"""Who may request documents, see jobs and download files."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404

from reports.engine import Document
from reports.models import DocumentJob
from resursnaya_sreda.accounts import permissions as roles


def can_open_documents(user: Any) -> bool:
    """The page «Отчёты и документы» is for anyone logged in; kinds decide what they may order."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_request_document(user: Any, kind: type[Document]) -> bool:
    """A kind decides who may request it; inactive and anonymous users never may."""
    return can_open_documents(user) and kind.can_request(user)


def can_see_all_jobs(user: Any) -> bool:
    """Federal coordinators follow everybody's jobs; others only their own."""
    return roles.is_federal(user)


def can_view_job(user: Any, job: DocumentJob) -> bool:
    """The requester and federal coordinators see a job (and download its file)."""
    if not can_open_documents(user):
        return False
    return job.requested_by_id == user.pk or can_see_all_jobs(user)


def can_download_job(user: Any, job: DocumentJob) -> bool:
    return can_view_job(user, job) and job.has_file


def can_retry_job(user: Any, job: DocumentJob) -> bool:
    """Only the requester retries a failed job: it is ordered again in their name."""
    return can_open_documents(user) and job.requested_by_id == user.pk and job.is_failed


def get_job_for_user(user: Any, job_id: uuid.UUID | str) -> DocumentJob:
    """The job, or 404 when it does not exist or ``user`` may not see it."""
    try:
        job = DocumentJob.objects.select_related("requested_by").get(pk=job_id)
    except (DocumentJob.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    if not can_view_job(user, job):
        raise Http404
    return job
