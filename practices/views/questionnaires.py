"""Pages of step 1's questionnaires: the start page, the applicant's sections and list; the
questionnaire's page and the staff's review are in ``review.py``."""

from __future__ import annotations

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

from practices import permissions as policy
from practices import selectors, services
from practices.forms import (
    AttachmentForm,
    CreateForm,
    ExtraQuestionsForm,
    SectionForm,
    WithdrawForm,
)
from practices.models import (
    Attachment,
    ExtraQuestion,
    Questionnaire,
    QuestionnaireState,
)
from practices.sections import BY_SLUG, EXTRA, MATERIALS, REVIEW, sections_for
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel import localtime
from resursnaya_sreda.kernel.models import Organisation
from resursnaya_sreda.kernel.selectors import programme_current

MY_PAGE_SIZE = 25


def _page(request: HttpRequest, queryset: Any, size: int) -> Any:
    return Paginator(queryset, size).get_page(request.GET.get("page"))


# --- Anyone: how to apply -------------------------------------------------------------------


@require_GET
def apply(request: HttpRequest) -> HttpResponse:
    """What the programme asks, until when, and the button to begin."""
    programme = programme_current()
    step = services.questionnaire_step(programme) if programme else None
    state = services.window_state(programme) if programme else "none"
    can_create = policy.can_create_questionnaire(request.user)
    context = {
        "programme": programme,
        "step": step,
        "window": state,
        "can_create": can_create,
        "is_applicant": roles.is_applicant(request.user),
        "has_organisations": bool(roles.organisation_ids(request.user)),
        "extra_question_count": (
            ExtraQuestion.objects.filter(programme=programme, is_active=True).count()
            if programme
            else 0
        ),
        "sections": sections_for(True),
        "local_deadline": _local_deadline(request.user, step),
    }
    return render(request, "practices/questionnaire_apply.html", context)


def _local_deadline(user: Any, step: Any) -> str:
    """The deadline on the applicant's own clock, when their region is not on Moscow time:
    the window closes at the end of its last day in Moscow (``RoadmapStep.state_on``)."""
    if step is None or not user.is_authenticated:
        return ""
    organisation = (
        Organisation.objects.filter(pk__in=roles.organisation_ids(user))
        .select_related("region")
        .order_by("pk")
        .first()
    )
    if organisation is None:
        return ""
    zone = localtime.zone_of(organisation.region)
    if zone.key == localtime.MOSCOW_ZONE:
        return ""
    return localtime.format_deadline(localtime.end_of_day(step.ends_on, None), zone)


# --- Applicant ------------------------------------------------------------------------------


@login_required
@require_GET
def my_list(request: HttpRequest) -> HttpResponse:
    """The applicant's questionnaires with their states and the reviewers' messages."""
    page = _page(request, selectors.applicant_questionnaires(request.user), MY_PAGE_SIZE)
    programme = programme_current()
    return render(
        request,
        "practices/questionnaire_my_list.html",
        {
            "page_obj": page,
            "questionnaires": page.object_list,
            "can_create": policy.can_create_questionnaire(request.user)
            and programme is not None
            and services.window_state(programme) in {"ahead", "current"},
            "querystring": "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    """Pick the organisation (when one represents several) and start a draft."""
    programme = programme_current()
    if programme is None:
        messages.error(request, _("Сейчас нет действующей программы."))
        return redirect("practices:apply")
    organisations = Organisation.objects.filter(
        pk__in=sorted(roles.organisation_ids(request.user))
    ).order_by("name")
    if not organisations:
        messages.info(
            request,
            _("Сначала добавьте организацию, от имени которой подаёте анкету."),
        )
        return redirect("practices:apply")
    if services.window_state(programme) not in {"ahead", "current"}:
        messages.error(request, _("Приём анкет закончился. Новые анкеты не принимаются."))
        return redirect("practices:apply")
    form = CreateForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire = services.questionnaire_create(
                by=request.user,
                organisation=form.cleaned_data["organisation"],
                programme=programme,
            )
        except services.QuestionnaireError as exc:
            messages.error(request, exc.message)
            return redirect("practices:apply")
        return redirect("practices:edit", pk=questionnaire.pk, section=sections_for(True)[0].slug)
    if request.method == "GET" and len(organisations) == 1:
        # Nothing to choose: the form is one button, shown so a GET never writes.
        form = CreateForm(initial={"organisation": organisations[0]}, organisations=organisations)
    return render(
        request,
        "practices/questionnaire_create.html",
        {"form": form, "programme": programme, "organisations": organisations},
    )


def start_after_organisation(user: Any, organisation: Organisation) -> str | None:
    """«Добавить организацию и начать»: the organisation is saved, the draft starts at once and
    the applicant lands in its first section (registered in ``PracticesConfig.ready``)."""
    programme = programme_current()
    if programme is None or services.window_state(programme) not in {"ahead", "current"}:
        return None
    try:
        questionnaire = services.questionnaire_create(
            by=user, organisation=organisation, programme=programme
        )
    except (services.QuestionnaireError, PermissionDenied):
        return None
    return reverse("practices:edit", args=[questionnaire.pk, sections_for(True)[0].slug])


def _section_context(
    request: HttpRequest, questionnaire: Questionnaire, section_slug: str
) -> dict[str, Any]:
    questions = list(
        ExtraQuestion.objects.filter(programme_id=questionnaire.programme_id, is_active=True)
    )
    sections = sections_for(bool(questions))
    if section_slug not in {s.slug for s in sections}:
        raise Http404
    section = BY_SLUG[section_slug]
    problems = services.questionnaire_problems(questionnaire)
    problem_sections = {p.section for p in problems}
    index = [s.slug for s in sections].index(section.slug)
    editable = policy.can_edit_questionnaire(
        request.user, questionnaire
    ) and services.window_allows_edit(questionnaire)
    return {
        "questionnaire": questionnaire,
        "section": section,
        "sections": sections,
        "section_index": index + 1,
        "previous_section": sections[index - 1] if index > 0 else None,
        "next_section": sections[index + 1] if index + 1 < len(sections) else None,
        "problems": problems,
        "problem_sections": problem_sections,
        "section_problems": [p for p in problems if p.section == section.slug]
        if section is not REVIEW
        else [],
        "done_count": sum(
            1 for s in sections if s.slug not in problem_sections and s is not REVIEW
        ),
        "total_count": len(sections) - 1,
        "questions": questions,
        "editable": editable,
        "window": services.window_state(questionnaire.programme),
        "step": services.questionnaire_step(questionnaire.programme),
        "editor_token": request.POST.get("editor_token") or _new_token(),
    }


def _new_token() -> str:
    import secrets

    return secrets.token_hex(16)


def _bind_forms(request: HttpRequest, questionnaire: Questionnaire, context: dict[str, Any]) -> Any:
    section = context["section"]
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    if section is EXTRA:
        answers = {a.question_id: a for a in questionnaire.extra_answers.all()}
        return ExtraQuestionsForm(
            data,
            files,
            questionnaire=questionnaire,
            questions=context["questions"],
            answers=answers,
        )
    if section.fields:
        return SectionForm(data, questionnaire=questionnaire, section=section)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """One section of the questionnaire. Saving never requires answers; it refuses only an
    outdated version (another tab saved meanwhile), keeping everything typed in the form."""
    questionnaire = policy.get_questionnaire_for_user(request.user, pk)
    if not roles.organisation_ids(request.user) or (
        questionnaire.organisation_id not in roles.organisation_ids(request.user)
    ):
        # Staff read questionnaires on the detail page; the sections are the applicant's.
        return redirect("practices:detail", pk=pk)
    context = _section_context(request, questionnaire, section)
    form = _bind_forms(request, questionnaire, context)
    if request.method == "POST":
        if not context["editable"]:
            raise PermissionDenied
        form.is_valid()
        try:
            saved = _save_form(request, questionnaire, form)
        except services.QuestionnaireError as exc:
            messages.error(request, exc.message)
            context.update({"form": form, "stale": isinstance(exc, services.StaleVersionError)})
            return render(request, "practices/questionnaire_edit.html", context, status=409)
        if form.errors:
            messages.warning(
                request,
                _("Сохранено всё, кроме полей с ошибками: исправьте их — ваш текст в них остался."),
            )
            context = _section_context(request, saved, section)
            context["form"] = form
            context["version"] = saved.version
            return render(request, "practices/questionnaire_edit.html", context)
        messages.success(request, _("Черновик сохранён."))
        target = context["next_section"] if "next" in request.POST else context["section"]
        if target is None:
            target = REVIEW
        return redirect("practices:edit", pk=pk, section=target.slug)
    context["form"] = form
    context["version"] = questionnaire.version
    if context["section"] is MATERIALS:
        context["attachment_form"] = AttachmentForm()
        context["attachments"] = list(questionnaire.attachments.all())
    if context["section"] is REVIEW:
        context["answers"] = {a.question_id: a for a in questionnaire.extra_answers.all()}
    return render(request, "practices/questionnaire_edit.html", context)


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError as exc:
        raise services.QuestionnaireError(
            _("Форма устарела: обновите страницу, ваш текст останется в браузере.")
        ) from exc


def _save_form(request: HttpRequest, questionnaire: Questionnaire, form: Any) -> Questionnaire:
    if form is None:
        return questionnaire
    if isinstance(form, ExtraQuestionsForm):
        return services.questionnaire_save_draft(
            questionnaire=questionnaire,
            by=request.user,
            version=_version(request),
            changes={},
            answers=form.answers_to_save(),
            editor_token=request.POST.get("editor_token", ""),
        )
    return services.questionnaire_save_draft(
        questionnaire=questionnaire,
        by=request.user,
        version=_version(request),
        changes=form.changes(),
        editor_token=request.POST.get("editor_token", ""),
    )


@login_required
@require_POST
def autosave(request: HttpRequest, pk: int, section: str) -> JsonResponse:
    """The background save while typing: the same rules as the button, answered in JSON."""
    questionnaire = policy.get_questionnaire_for_user(request.user, pk)
    if not policy.can_edit_questionnaire(request.user, questionnaire):
        return JsonResponse(
            {"ok": False, "message": _("Эту анкету сейчас изменить нельзя.")}, status=403
        )
    context = _section_context(request, questionnaire, section)
    # Files are not sent in the background; text, numbers and choices are.
    form = _bind_forms(request, questionnaire, context)
    if form is None:
        return JsonResponse({"ok": True, "version": questionnaire.version})
    form.is_valid()
    try:
        saved = _save_form(request, questionnaire, form)
    except services.StaleVersionError as exc:
        return JsonResponse(
            {"ok": False, "stale": True, "message": exc.message, "version": exc.current_version},
            status=409,
        )
    except services.QuestionnaireError as exc:
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
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = policy.get_editable_questionnaire_for_user(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = services.attachment_add(
                questionnaire=questionnaire,
                by=request.user,
                upload=form.cleaned_data["file"],
                caption=form.cleaned_data["caption"],
            )
        except services.QuestionnaireError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("Файл «%(name)s» добавлен.") % {"name": attachment.display_name}
            )
            return redirect(reverse("practices:edit", args=[pk, MATERIALS.slug]) + "#attachments")
    context = _section_context(request, questionnaire, MATERIALS.slug)
    context.update(
        {
            "form": None,
            "version": questionnaire.version,
            "attachment_form": form,
            "attachments": list(questionnaire.attachments.all()),
        }
    )
    return render(request, "practices/questionnaire_edit.html", context, status=400)


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    questionnaire = policy.get_editable_questionnaire_for_user(request.user, pk)
    try:
        attachment = questionnaire.attachments.get(pk=attachment_pk)
    except Attachment.DoesNotExist as exc:
        raise Http404 from exc
    try:
        services.attachment_delete(attachment=attachment, by=request.user)
    except services.QuestionnaireError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Файл удалён."))
    return redirect(reverse("practices:edit", args=[pk, MATERIALS.slug]) + "#attachments")


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit (or resubmit after a return). A second click finds it already sent."""
    questionnaire = policy.get_questionnaire_for_user(request.user, pk)
    if not policy.can_view_questionnaire(request.user, questionnaire) or (
        questionnaire.organisation_id not in roles.organisation_ids(request.user)
    ):
        raise PermissionDenied
    try:
        services.questionnaire_send(questionnaire=questionnaire, by=request.user)
    except services.IncompleteError as exc:
        messages.error(request, exc.message)
        return redirect("practices:edit", pk=pk, section=REVIEW.slug)
    except services.TransitionError:
        questionnaire.refresh_from_db()
        if questionnaire.state in {QuestionnaireState.SUBMITTED, QuestionnaireState.RESUBMITTED}:
            messages.info(request, _("Анкета уже отправлена."))
        else:
            messages.error(
                request,
                _("Анкету в состоянии «%(state)s» отправить нельзя.")
                % {"state": questionnaire.get_state_display()},
            )
        return redirect("practices:detail", pk=pk)
    except services.QuestionnaireError as exc:
        messages.error(request, exc.message)
        return redirect("practices:edit", pk=pk, section=REVIEW.slug)
    messages.success(
        request,
        _(
            "Анкета отправлена в региональный ресурсный центр. "
            "Мы сообщим о её рассмотрении по почте."
        ),
    )
    return redirect("practices:detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = policy.get_questionnaire_for_user(request.user, pk)
    if not policy.can_withdraw_questionnaire(request.user, questionnaire):
        raise PermissionDenied
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.questionnaire_withdraw(
                questionnaire=questionnaire, by=request.user, message=form.cleaned_data["message"]
            )
        except services.QuestionnaireError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Анкета отозвана."))
        return redirect("practices:detail", pk=pk)
    return render(
        request,
        "practices/questionnaire_withdraw.html",
        {"questionnaire": questionnaire, "form": form},
    )


# --- Both: the detail page --------------------------------------------------------------------
