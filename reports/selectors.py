"""Reads for the documents page."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from reports.engine import Document, registry
from reports.models import DocumentJob
from reports.permissions import can_request_document, can_see_all_jobs


def kinds_for_user(user: Any) -> list[type[Document]]:
    """The kinds of documents ``user`` may request, by title."""
    return [kind for kind in registry if can_request_document(user, kind)]


def jobs_for_user(user: Any, *, everyone: bool = False) -> QuerySet[DocumentJob]:
    """The user's jobs, newest first; everybody's when a federal coordinator asks for them."""
    jobs = DocumentJob.objects.select_related("requested_by")
    if everyone and can_see_all_jobs(user):
        return jobs.order_by("-created_at")
    return jobs.filter(requested_by=user).order_by("-created_at")
