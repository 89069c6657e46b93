"""The page «Отчёты и документы»: order a document, watch it, download it."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from reports import selectors, services
from reports.engine import Document, UnknownDocument, registry
from reports.forms import FormatForm
from reports.models import DocumentJob
from reports.permissions import (
    can_download_job,
    can_request_document,
    can_see_all_jobs,
    get_job_for_user,
)
from resursnaya_sreda.kernel import access_log
from resursnaya_sreda.kernel.autocomplete import AutocompleteChoiceField
from resursnaya_sreda.kernel.files import private_file_response
from resursnaya_sreda.kernel.models import AccessAction

JOBS_PER_PAGE = 20
#: The jobs page checks for abandoned jobs at most this often (seconds), between beat runs.
LAZY_SWEEP_EVERY = 30


def _kind_for_user(user: Any, identifier: str) -> type[Document]:
    try:
        kind = registry.get(identifier)
    except UnknownDocument as exc:
        raise Http404(_("Такого документа нет.")) from exc
    if not can_request_document(user, kind):
        raise PermissionDenied
    return kind


def _lazy_sweep() -> None:
    # cache.add is atomic: one request per interval does the sweep, the others skip it.
    if cache.add("reports:lazy-sweep", 1, LAZY_SWEEP_EVERY):
        services.document_jobs_sweep()


def _panel_context(
    user: Any,
    kind: type[Document] | None,
    form: Any = None,
    format_form: Any = None,
    initial: dict[str, Any] | None = None,
) -> dict[str, Any]:
    if kind is not None:
        form = form if form is not None else kind.get_form(user=user, initial=initial or {})
        format_form = format_form if format_form is not None else FormatForm(kind=kind)
    return {"kind": kind, "form": form, "format_form": format_form}


@login_required
@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    """Kinds the user may order, the chosen kind's form and the user's jobs."""
    _lazy_sweep()
    kinds = selectors.kinds_for_user(request.user)
    kind = None
    initial: dict[str, Any] = {}
    if request.GET.get("kind"):
        kind = _kind_for_user(request.user, request.GET["kind"])
        # A record's page links here with the record already chosen (links.order_url); the
        # form shows it only if the user may choose it.
        initial = {
            name: request.GET[name] for name in kind.form_class.base_fields if name in request.GET
        }
    elif len(kinds) == 1:
        kind = kinds[0]
    everyone = request.GET.get("scope") == "all" and can_see_all_jobs(request.user)
    jobs = selectors.jobs_for_user(request.user, everyone=everyone)
    page = Paginator(jobs, JOBS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/documentjob_list.html",
        {
            "kinds": kinds,
            "page_obj": page,
            "jobs": page.object_list,
            "everyone": everyone,
            "can_see_all": can_see_all_jobs(request.user),
            "retention_days": settings.REPORTS_RETENTION_DAYS,
            **_panel_context(request.user, kind, initial=initial),
        },
    )


@require_GET
def parameter_choices(request: HttpRequest, kind: str, field: str) -> HttpResponse:
    """The list of a search-as-you-type parameter: the form's own queryset for this user.

    The same form the order panel shows, built for the same user, so the list offers exactly
    what the form accepts (and the kind's permission applies).
    """
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Войдите, чтобы искать.")}, status=403)
    document_kind = _kind_for_user(request.user, kind)
    choice = document_kind.get_form(user=request.user).fields.get(field)
    if not isinstance(choice, AutocompleteChoiceField):
        raise Http404
    response = JsonResponse(choice.choices_page(request.GET))
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def job_request(request: HttpRequest, kind: str) -> HttpResponse:
    """Order a document. Bad parameters come back beside their fields, nothing typed is lost."""
    document_kind = _kind_for_user(request.user, kind)
    form = document_kind.get_form(request.POST, user=request.user)
    format_form = FormatForm(request.POST, kind=document_kind)
    outcome = None
    if form.is_valid() and format_form.is_valid():
        try:
            outcome = services.document_job_request(
                user=request.user,
                kind=document_kind.identifier,
                fmt=format_form.cleaned_data["format"],
                parameters=form.to_json(),
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                target = form if field in form.fields else format_form
                for error in errors:
                    target.add_error(field if field in target.fields else None, error)

    if outcome is None:
        context = _panel_context(request.user, document_kind, form, format_form)
        if request.htmx:
            return render(request, "reports/partials/request_panel.html", context)
        return document_list_with(request, context)

    job = outcome.job
    job.refresh_from_db()
    if outcome.enqueued is False:
        notice = _(
            "Сервис фоновых задач сейчас недоступен. Заказ сохранён и будет выполнен "
            "автоматически, когда сервис заработает; страницу можно закрыть."
        )
        level = messages.WARNING
    elif not outcome.created:
        notice = _("Такой документ уже формируется — показываем его состояние.")
        level = messages.INFO
    else:
        notice = _("Документ заказан. Он появится в списке, как только будет готов.")
        level = messages.SUCCESS
    if not request.htmx:
        messages.add_message(request, level, notice)
        return redirect(f"{reverse('reports:list')}?kind={document_kind.identifier}")
    context = {
        **_panel_context(request.user, document_kind),
        "notice": notice,
        "notice_level": "warning" if level == messages.WARNING else "success",
        "new_job": job if outcome.created else None,
    }
    return render(request, "reports/partials/request_panel.html", context)


def document_list_with(request: HttpRequest, panel: dict[str, Any]) -> HttpResponse:
    """The whole page with a bound (invalid) form, for browsers without htmx."""
    jobs = selectors.jobs_for_user(request.user)
    page = Paginator(jobs, JOBS_PER_PAGE).get_page(1)
    return render(
        request,
        "reports/documentjob_list.html",
        {
            "kinds": selectors.kinds_for_user(request.user),
            "page_obj": page,
            "jobs": page.object_list,
            "everyone": False,
            "can_see_all": can_see_all_jobs(request.user),
            "retention_days": settings.REPORTS_RETENTION_DAYS,
            **panel,
        },
    )


@login_required
@require_GET
def job_status(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    """The job's row; it keeps polling itself while the job is queued or running.

    Someone watching a job also drives the sweep (at most every LAZY_SWEEP_EVERY seconds), so
    a job whose worker died is running again promptly even between the beat's runs.
    """
    job = get_job_for_user(request.user, job_id)
    if job.is_active:
        _lazy_sweep()
        job.refresh_from_db()
    return render(request, "reports/partials/job_item.html", {"job": job})


@login_required
@require_GET
def job_download(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    job = get_job_for_user(request.user, job_id)
    if not can_download_job(request.user, job):
        raise Http404
    response = private_file_response(job.file, job.file_name or f"document.{job.format}")
    if _holds_personal_data(job.kind):
        # One entry per document with its parameters, never one per row inside it.
        access_log.record_access(
            request,
            job.file_name or job.kind,
            action=AccessAction.EXPORT,
            parameters={"document": job.kind, "format": job.format, **(job.parameters or {})},
        )
    return response


def _holds_personal_data(identifier: str) -> bool:
    # Each document kind says itself whether its files hold personal data.
    try:
        return bool(registry.get(identifier).personal_data)
    except UnknownDocument:
        return False


@login_required
@require_POST
def job_retry(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    """Order a failed document again; the failed row is replaced by the new job's."""
    job = get_job_for_user(request.user, job_id)
    try:
        outcome = services.document_job_retry(job=job, user=request.user)
    except (ValidationError, UnknownDocument) as exc:
        text = _("Повторить нельзя: параметры больше не действительны. Закажите документ заново.")
        if isinstance(exc, UnknownDocument):
            text = _("Повторить нельзя: такого документа больше нет.")
        if request.htmx:
            return render(
                request, "reports/partials/job_item.html", {"job": job, "retry_error": text}
            )
        messages.error(request, text)
        return redirect("reports:list")
    new_job: DocumentJob = outcome.job
    new_job.refresh_from_db()
    if request.htmx:
        return render(request, "reports/partials/job_item.html", {"job": new_job})
    messages.success(request, _("Документ заказан повторно."))
    return redirect("reports:list")
