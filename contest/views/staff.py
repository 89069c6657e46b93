"""The regional check and the federal centre's part: checklist, remarks, return, «проверена»,
packages for the organiser, the date sent and the result, and the sites' readiness."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contest import permissions as policy
from contest import selectors, services
from contest.completeness import EntryForm as LoadedForm
from contest.forms import CheckForm, CommentForm, ResultForm, ReturnForm, SentForm
from contest.models import Package
from contest.views.entries import _contest_or_404, entry_with_errors
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel.files import private_file_response
from resursnaya_sreda.kernel.models import PilotSite
from resursnaya_sreda.kernel.web import add_service_errors, render_kept


def _back(pk: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("contest:entry", args=[pk]) + (f"#{anchor}" if anchor else ""))


@login_required
@require_POST
def check_item(request: HttpRequest, pk: int) -> HttpResponse:
    entry = policy.get_staff_entry_for_user(request.user, pk)
    form = CheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Нет такого пункта проверки."))
        return _back(pk, "checklist")
    try:
        services.entry_check_set(
            entry=entry,
            by=request.user,
            item=form.cleaned_data["item"],
            passed=form.cleaned_data["passed"],
            note=form.cleaned_data["note"],
        )
    except services.ContestError as exc:
        messages.error(request, exc.message)
    return _back(pk, "checklist")


@login_required
@require_POST
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    entry = policy.get_staff_entry_for_user(request.user, pk)
    form = CommentForm(request.POST, keys=services.field_keys(LoadedForm.load(entry)))
    if not form.is_valid():
        return entry_with_errors(request, entry, comment_form=form)
    try:
        services.field_comment_add(
            entry=entry,
            by=request.user,
            field=form.cleaned_data["field"],
            text=form.cleaned_data["text"],
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return entry_with_errors(request, entry, comment_form=form)
    messages.success(
        request, _("Замечание добавлено; заявитель увидит его у поля, когда вы вернёте заявку.")
    )
    return _back(pk, "comments")


@login_required
@require_POST
def comment_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    comment = policy.get_comment_for_staff(request.user, pk)
    services.field_comment_resolve(comment=comment, by=request.user)
    messages.success(request, _("Замечание снято."))
    return _back(comment.entry_id, "comments")


@login_required
@require_POST
def return_entry(request: HttpRequest, pk: int) -> HttpResponse:
    entry = policy.get_staff_entry_for_user(request.user, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return entry_with_errors(request, entry, return_form=form)
    try:
        services.entry_return(entry=entry, by=request.user, message=form.cleaned_data["message"])
    except ValidationError as exc:
        add_service_errors(form, exc)
        return entry_with_errors(request, entry, return_form=form)
    except services.ContestError as exc:
        messages.error(request, exc.message)
        return _back(pk)
    messages.success(request, _("Заявка возвращена заявителю с сообщением и замечаниями."))
    return _back(pk)


@login_required
@require_http_methods(["GET", "POST"])
def mark_checked(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks once what «проверена» fixes, then marks it."""
    entry = policy.get_staff_entry_for_user(request.user, pk)
    if request.method == "GET":
        if not policy.can_check_entry(request.user, entry):
            return _back(pk)
        return render(
            request,
            "contest/entry_checked_confirm.html",
            {"entry": entry, "blockers": services.check_blockers(entry)},
        )
    try:
        services.entry_mark_checked(entry=entry, by=request.user)
    except services.ContestError as exc:
        messages.error(request, exc.message)
        return _back(pk, "checklist")
    messages.success(request, _("Заявка отмечена как проверенная и засчитана площадке."))
    return _back(pk)


@login_required
@require_POST
def mark_sent(request: HttpRequest, pk: int) -> HttpResponse:
    entry = policy.get_staff_entry_for_user(request.user, pk)
    if not roles.is_federal(request.user):
        raise PermissionDenied
    form = SentForm(request.POST)
    if not form.is_valid():
        return entry_with_errors(request, entry, sent_form=form)
    try:
        services.entry_mark_sent(
            entry=entry,
            by=request.user,
            sent_on=form.cleaned_data["sent_on"],
            organiser_number=form.cleaned_data["organiser_number"],
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return entry_with_errors(request, entry, sent_form=form)
    except services.ContestError as exc:
        messages.error(request, exc.message)
        return _back(pk)
    messages.success(request, _("Отправка организатору записана."))
    return _back(pk)


@login_required
@require_POST
def record_result(request: HttpRequest, pk: int) -> HttpResponse:
    entry = policy.get_staff_entry_for_user(request.user, pk)
    if not roles.is_federal(request.user):
        raise PermissionDenied
    form = ResultForm(request.POST, request.FILES)
    if not form.is_valid():
        return entry_with_errors(request, entry, result_form=form)
    try:
        services.entry_record_result(
            entry=entry,
            by=request.user,
            result=form.cleaned_data["result"],
            place=form.cleaned_data["place"],
            diploma=form.cleaned_data["diploma"] or None,
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return entry_with_errors(request, entry, result_form=form)
    except services.ContestError as exc:
        messages.error(request, exc.message)
        return _back(pk)
    messages.success(request, _("Итог записан: он появится на странице практики."))
    return _back(pk)


# --- Packages -----------------------------------------------------------------------------


@login_required
@require_POST
def entry_package(request: HttpRequest, pk: int) -> HttpResponse:
    entry = policy.get_staff_entry_for_user(request.user, pk)
    try:
        services.package_request(by=request.user, contest=entry.contest, entry=entry)
    except services.ContestError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Пакет для организатора собирается; ссылка появится ниже."))
    return _back(pk, "packages")


@login_required
@require_POST
def site_package(request: HttpRequest, site_pk: int) -> HttpResponse:
    contest = _contest_or_404()
    site = PilotSite.objects.filter(pk=site_pk, programme_id=contest.programme_id).first()
    if site is None or not policy.can_request_package(request.user, site=site):
        raise Http404
    try:
        services.package_request(by=request.user, contest=contest, site=site)
    except services.ContestError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Пакет площадки собирается; ссылка появится в таблице."))
    return redirect(reverse("contest:readiness") + f"#site-{site.pk}")


@login_required
@require_GET
def package_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The htmx fragment that follows a package until it is ready."""
    package = policy.get_package_for_user(request.user, pk)
    return render(request, "contest/partials/package.html", {"package": package})


@login_required
@require_GET
def package_download(request: HttpRequest, pk: int) -> HttpResponse:
    package = policy.get_package_for_user(request.user, pk)
    if not package.file:
        raise Http404
    return private_file_response(package.file, package.file_name)


# --- Readiness ----------------------------------------------------------------------------


@login_required
@require_GET
def readiness(request: HttpRequest) -> HttpResponse:
    """Every site against its target of checked entries, red where short as the deadline
    nears, with the days left in the site's own time."""
    if not policy.can_see_readiness(request.user):
        raise PermissionDenied
    contest = _contest_or_404()
    rows = selectors.readiness(request.user, contest)
    site_packages = {}
    for package in Package.objects.filter(
        contest=contest, pilot_site__in=[row.site for row in rows]
    ).order_by("pilot_site_id", "-created_at"):
        site_packages.setdefault(package.pilot_site_id, package)
    pairs = [(row, site_packages.get(row.site.pk)) for row in rows]
    # One row per site: 89 at national scale. The rows are read every time (three queries);
    # their HTML is rendered once for the same figures and kept.
    table = render_kept(
        "contest/partials/readiness_rows.html",
        {"rows": pairs},
        facts=[(_row_facts(row), _package_facts(package)) for row, package in pairs],
    )
    return render(
        request,
        "contest/readiness.html",
        {
            "contest": contest,
            "rows": pairs,
            "table": table,
            "target": rows[0].target if rows else selectors.entry_target(contest.programme),
            "short": sum(1 for row in rows if row.short_by),
            "federal": roles.is_federal(request.user),
            "now": timezone.now(),
        },
    )


def _row_facts(row: selectors.SiteReadiness) -> tuple:
    return (
        row.site.pk,
        row.site.region.name,
        row.target,
        row.checked,
        row.submitted,
        row.returned,
        row.drafts,
        row.sent,
        row.zone_label,
        row.local_deadline.isoformat(),
        row.days_left,
        row.status,
        str(row.status_text),
    )


def _package_facts(package: Package | None) -> tuple | None:
    if package is None:
        return None
    finished = package.finished_at.isoformat() if package.finished_at else ""
    return (package.pk, package.state, package.file_name, package.size, finished, package.error)
