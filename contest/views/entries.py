"""Entries: the list, starting from a selected practice, the form with autosave, submitting,
and the entry's page with its history, remarks and the step-3 support log."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contest import permissions as policy
from contest import selectors, services
from contest.completeness import EntryForm as LoadedForm
from contest.completeness import automatic_checks
from contest.forms import (
    AttachmentForm,
    CommentForm,
    EntryForm,
    FilterForm,
    ResultForm,
    ReturnForm,
    SentForm,
    StartForm,
)
from contest.models import CheckItem, Entry, EntryAttachment
from contest.personal_data import has_contacts
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel import access_log
from resursnaya_sreda.kernel.web import querystring_without_page

PAGE_SIZE = 25


def _contest_or_404() -> Any:
    contest = selectors.contest_current()
    if contest is None:
        raise Http404
    return contest


@login_required
@require_GET
def entry_list(request: HttpRequest) -> HttpResponse:
    """Applicants: their entries. Regional staff: their region's. Federal: every region's."""
    if not policy.can_start_entries(request.user):
        raise PermissionDenied
    contest = _contest_or_404()
    options = selectors.entry_filter_options(request.user, contest)
    form = FilterForm(request.GET or None, options=options)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {
            "state": form.cleaned_data["state"],
            "nomination_id": form.cleaned_data["nomination"],
            "region_id": form.cleaned_data.get("region"),
        }
    page = Paginator(
        selectors.entries_for_user(request.user, contest, **filters), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "contest/entry_list.html",
        {
            "contest": contest,
            "form": form,
            "page_obj": page,
            "entries": page.object_list,
            "querystring": querystring_without_page(request),
            "staff": roles.is_staff_member(request.user),
            "federal": roles.is_federal(request.user),
            "can_start": contest.is_open(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """Pick a selected practice and a nomination; the entry opens prefilled."""
    if not policy.can_start_entries(request.user):
        raise PermissionDenied
    contest = _contest_or_404()
    practices = selectors.selectable_practices(request.user, contest)
    nominations = list(selectors.nominations(contest))
    initial = {}
    if request.GET.get("practice"):
        initial["questionnaire"] = request.GET["practice"]
    form = StartForm(
        request.POST or None,
        practices=practices,
        nominations=contest.nominations.all(),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.entry_start(
                by=request.user,
                questionnaire=form.cleaned_data["questionnaire"],
                nomination=form.cleaned_data["nomination"],
            )
        except services.ContestError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _(
                    "Заявка создана и заполнена из анкеты практики. Допишите вопросы конкурса "
                    "и приложите файлы — черновик сохраняется сам."
                ),
            )
            return redirect("contest:edit", pk=entry.pk)
    return render(
        request,
        "contest/entry_start.html",
        {"contest": contest, "form": form, "practices": practices, "nominations": nominations},
        status=400 if form.errors else 200,
    )


def _edit_context(request: HttpRequest, entry: Entry, form: EntryForm | None = None) -> dict:
    loaded = LoadedForm.load(entry)
    if form is None:
        form = EntryForm(entry=entry, questions=loaded.questions, answers=loaded.answers)
    comments = {}
    for comment in entry.comments.filter(resolved_at__isnull=True).order_by("created_at"):
        comments.setdefault(comment.field, []).append(comment)
    problems = services.entry_problems(entry)
    core = [(form[name], comments.get(name, [])) for name in ("title",)]
    contacts = [
        form[name]
        for name in ("contact_name", "contact_position", "contact_phone", "contact_email")
    ]
    questions = [(q, form[q.anchor], comments.get(q.anchor, [])) for q in loaded.questions]
    return {
        "core": core,
        "contacts": contacts,
        "contact_comments": comments.get("contacts", []),
        "questions": questions,
        "entry": entry,
        "form": form,
        "loaded": loaded,
        "requirements": [
            (
                requirement,
                loaded.files.get(requirement.pk),
                AttachmentForm(requirement=requirement),
                comments.get(requirement.anchor, []),
            )
            for requirement in loaded.requirements
        ],
        "comments": comments,
        "general_comments": comments.get("", []),
        "problems": problems,
        "version": entry.version,
        "editor_token": request.POST.get("editor_token") or secrets.token_hex(16),
        "question_anchors": {q.anchor for q in loaded.questions},
    }


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole entry on one page; saving never requires answers."""
    entry = policy.get_entry_for_user(request.user, pk)
    if not policy.can_edit_entry(request.user, entry):
        return redirect("contest:entry", pk=pk)
    if request.method == "POST":
        loaded = LoadedForm.load(entry)
        form = EntryForm(
            request.POST, entry=entry, questions=loaded.questions, answers=loaded.answers
        )
        form.is_valid()
        try:
            saved = _save(request, entry, form)
        except services.ContestError as exc:
            messages.error(request, exc.message)
            context = _edit_context(request, entry, form)
            context["stale"] = isinstance(exc, services.StaleVersionError)
            return render(request, "contest/entry_edit.html", context, status=409)
        if form.errors:
            messages.warning(
                request,
                _("Сохранено всё, кроме полей с ошибками: исправьте их — ваш текст в них остался."),
            )
            return render(request, "contest/entry_edit.html", _edit_context(request, saved, form))
        messages.success(request, _("Черновик сохранён."))
        return redirect("contest:edit", pk=pk)
    response = render(request, "contest/entry_edit.html", _edit_context(request, entry))
    record_contacts_read(request, entry)
    return response


def _save(request: HttpRequest, entry: Entry, form: EntryForm) -> Entry:
    try:
        version = int(request.POST.get("version", ""))
    except ValueError as exc:
        raise services.ContestError(
            _("Форма устарела: обновите страницу, ваш текст останется в браузере.")
        ) from exc
    return services.entry_save_draft(
        entry=entry,
        by=request.user,
        version=version,
        changes=form.changes(),
        answers=form.answers(),
        editor_token=request.POST.get("editor_token", ""),
    )


@login_required
@require_POST
def autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """The background save while typing: the same rules as the button, answered in JSON."""
    entry = policy.get_entry_for_user(request.user, pk)
    if not policy.can_edit_entry(request.user, entry):
        return JsonResponse(
            {"ok": False, "message": _("Эту заявку сейчас изменить нельзя.")}, status=403
        )
    loaded = LoadedForm.load(entry)
    form = EntryForm(request.POST, entry=entry, questions=loaded.questions, answers=loaded.answers)
    form.is_valid()
    try:
        saved = _save(request, entry, form)
    except services.StaleVersionError as exc:
        return JsonResponse(
            {"ok": False, "stale": True, "message": exc.message, "version": exc.current_version},
            status=409,
        )
    except services.ContestError as exc:
        return JsonResponse({"ok": False, "message": exc.message}, status=409)
    return JsonResponse(
        {
            "ok": True,
            "version": saved.version,
            "saved_at": timezone.localtime(saved.updated_at).strftime("%H:%M:%S"),
            "errors": {name: [str(e) for e in errors] for name, errors in form.errors.items()},
        }
    )


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int, requirement_pk: int) -> HttpResponse:
    entry = policy.get_editable_entry_for_user(request.user, pk)
    requirement = entry.contest.requirements.filter(pk=requirement_pk, is_active=True).first()
    if requirement is None:
        raise Http404
    form = AttachmentForm(request.POST, request.FILES, requirement=requirement)
    if form.is_valid():
        try:
            services.entry_attachment_set(
                entry=entry,
                by=request.user,
                requirement=requirement,
                upload=form.cleaned_data["file"],
            )
        except services.ContestError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, _("Файл «%(r)s» приложен.") % {"r": requirement.title})
            return redirect(reverse("contest:edit", args=[pk]) + f"#id_{requirement.anchor}")
    context = _edit_context(request, entry)
    context["requirements"] = [
        (r, f, form if r.pk == requirement.pk else af, c) for r, f, af, c in context["requirements"]
    ]
    return render(request, "contest/entry_edit.html", context, status=400)


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int, requirement_pk: int) -> HttpResponse:
    entry = policy.get_editable_entry_for_user(request.user, pk)
    attachment = EntryAttachment.objects.filter(entry=entry, requirement_id=requirement_pk).first()
    if attachment is None:
        raise Http404
    try:
        services.entry_attachment_delete(attachment=attachment, by=request.user)
    except services.ContestError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Файл удалён."))
    return redirect(reverse("contest:edit", args=[pk]) + f"#id_a-{requirement_pk}")


@login_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks once (GET) what sending fixes, then sends it to the regional centre (POST)."""
    entry = policy.get_entry_for_user(request.user, pk)
    if request.method == "GET":
        if not policy.can_submit_entry(request.user, entry):
            return redirect("contest:entry", pk=pk)
        return render(
            request,
            "contest/entry_submit.html",
            {"entry": entry, "problems": services.entry_problems(entry)},
        )
    try:
        services.entry_submit(entry=entry, by=request.user)
    except services.IncompleteError as exc:
        messages.error(request, exc.message)
        return redirect("contest:submit", pk=pk)
    except services.TransitionError as exc:
        messages.info(request, exc.message)
        return redirect("contest:entry", pk=pk)
    except services.ContestError as exc:
        messages.error(request, exc.message)
        return redirect("contest:entry", pk=pk)
    messages.success(request, _("Заявка отправлена на проверку в региональный ресурсный центр."))
    return redirect("contest:entry", pk=pk)


def _entry_context(request: HttpRequest, entry: Entry, **forms: Any) -> dict[str, Any]:
    user = request.user
    loaded = LoadedForm.load(entry)
    staff = policy.is_staff_for(user, entry)
    context: dict[str, Any] = {
        "entry": entry,
        "loaded": loaded,
        "rows": [(q, loaded.answers.get(q.pk)) for q in loaded.questions],
        "files": [(r, loaded.files.get(r.pk)) for r in loaded.requirements],
        "staff": staff,
        "federal": roles.is_federal(user),
        "can_edit": policy.can_edit_entry(user, entry),
        "can_submit": policy.can_submit_entry(user, entry),
        "can_check": policy.can_check_entry(user, entry),
        "can_return": policy.can_return_entry(user, entry),
        "can_send": policy.can_send_entry(user, entry),
        "can_result": policy.can_record_result(user, entry),
        "can_package": staff
        and policy.can_request_package(user, entry=entry)
        and entry.counts_for_target,
        **selectors.entry_detail(entry),
    }
    if staff:
        found = automatic_checks(loaded)
        ticked = {c.item: c for c in entry.checks.select_related("checked_by")}
        context["checklist"] = [
            (item, found[item.value], ticked.get(item.value)) for item in CheckItem
        ]
        context["blockers"] = services.check_blockers(entry) if context["can_check"] else []
        context["comment_form"] = forms.get("comment_form") or CommentForm(
            keys=services.field_keys(loaded)
        )
        context["return_form"] = forms.get("return_form") or ReturnForm()
        context["sent_form"] = forms.get("sent_form") or SentForm(
            initial={"organiser_number": entry.organiser_number}
        )
        context["result_form"] = forms.get("result_form") or ResultForm(
            initial={"result": entry.result, "place": entry.place}
        )
        context["packages"] = list(entry.packages.order_by("-created_at")[:3])
        labels = services.field_keys(loaded)
        context["field_labels"] = labels
    return context


@login_required
@require_GET
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    item = policy.get_entry_for_user(request.user, pk)
    response = render(request, "contest/entry_detail.html", _entry_context(request, item))
    record_contacts_read(request, item)
    return response


def entry_with_errors(request: HttpRequest, item: Entry, **forms: Any) -> HttpResponse:
    response = render(
        request, "contest/entry_detail.html", _entry_context(request, item, **forms), status=400
    )
    record_contacts_read(request, item)
    return response


def record_contacts_read(request: HttpRequest, item: Entry) -> None:
    """The page shows the head of practice: a read by anyone but the organisation is recorded."""
    if not policy.represents(request.user, item) and has_contacts(item):
        access_log.record_access(request, item, parameters={"contacts": True})
