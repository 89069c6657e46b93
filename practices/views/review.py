"""The questionnaire's page and the staff's review of it: the regional and federal lists,
accepting or returning a questionnaire, and comments."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from practices import permissions as policy
from practices import selectors, services, thread
from practices.forms import (
    CommentForm,
    ReturnForm,
    StaffFilterForm,
)
from practices.models import (
    Questionnaire,
    ReturnReason,
)
from practices.personal_data import has_contacts
from practices.sections import sections_for
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel import access_log
from resursnaya_sreda.kernel.web import querystring_without_page, render_kept

STAFF_PAGE_SIZE = 25


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole questionnaire with its history; staff also see comments and actions."""
    questionnaire = policy.get_questionnaire_for_user(request.user, pk)
    staff = policy.is_staff_for(request.user, questionnaire)
    context = {
        "questionnaire": questionnaire,
        "staff": staff,
        "represents": questionnaire.organisation_id in roles.organisation_ids(request.user),
        "can_edit": policy.can_edit_questionnaire(request.user, questionnaire)
        and services.window_allows_edit(questionnaire),
        "can_withdraw": policy.can_withdraw_questionnaire(request.user, questionnaire),
        "can_review": policy.can_review_questionnaire(request.user, questionnaire),
        "can_publish": policy.can_publish_questionnaire(request.user, questionnaire)
        and not questionnaire.is_published,
        "can_unpublish": roles.is_federal(request.user) and questionnaire.is_published,
        "can_pdf": policy.can_download_pdf(request.user, questionnaire),
        "return_form": ReturnForm(),
        "comment_form": CommentForm(),
        "first_section": sections_for(True)[0],
        "thread": thread.sections_for(questionnaire, request.user, public=False),
        **selectors.questionnaire_detail_context(questionnaire, staff=staff),
    }
    response = render(request, "practices/questionnaire_detail.html", context)
    _record_contacts_read(request, questionnaire, represents=context["represents"])
    return response


def _record_contacts_read(
    request: HttpRequest, questionnaire: Questionnaire, *, represents: bool
) -> None:
    """The page shows the contact person: a read by anyone but the organisation is recorded."""
    if not represents and has_contacts(questionnaire):
        access_log.record_access(request, questionnaire, parameters={"contacts": True})


# --- Staff --------------------------------------------------------------------------------------


def _row_facts(questionnaire: Any) -> tuple:
    """What a row of the staff list shows."""
    return (
        questionnaire.pk,
        questionnaire.display_title,
        str(questionnaire.organisation),
        str(questionnaire.organisation.region),
        str(questionnaire.municipality or ""),
        str(questionnaire.direction or ""),
        questionnaire.state,
        questionnaire.return_reason,
        questionnaire.published_at is not None,
        questionnaire.submitted_at,
    )


@login_required
@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    """Regional staff: their region's questionnaires. Federal coordinators: every region."""
    if not policy.can_see_register(request.user):
        raise PermissionDenied
    options = selectors.filter_options(request.user)
    form = StaffFilterForm(request.GET or None, options=options, user=request.user)
    filters: dict[str, Any] = {}
    if form.is_valid():
        municipality = form.cleaned_data["municipality"]
        filters = {
            "search": form.cleaned_data["q"],
            "state": form.cleaned_data["state"],
            "municipality_id": municipality.pk if municipality else None,
            "direction_id": form.cleaned_data["direction"],
            "region_id": form.cleaned_data.get("region"),
        }
    queryset = selectors.staff_questionnaires(request.user, **filters)
    page = Paginator(queryset, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    federal = roles.is_federal(request.user)
    # The page's rows are read every time and drawn once for the same values (kept by them).
    rows = render_kept(
        "practices/partials/review_rows.html",
        {"questionnaires": page.object_list, "federal": federal},
        facts=(
            translation.get_language(),
            timezone.get_current_timezone_name(),
            federal,
            [_row_facts(q) for q in page.object_list],
        ),
    )
    return render(
        request,
        "practices/questionnaire_review_list.html",
        {
            "form": form,
            "page_obj": page,
            "questionnaires": page.object_list,
            "rows": rows,
            "querystring": querystring_without_page(request),
            "federal": federal,
            "regions": sorted({site.region.name for site in roles.pilot_sites(request.user)}),
        },
    )


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff actions on one questionnaire: take into review, return, mark incomplete."""
    questionnaire = policy.get_reviewable_questionnaire_for_user(request.user, pk)
    action = request.POST.get("action", "")
    try:
        if action == "take":
            services.questionnaire_take_into_review(questionnaire=questionnaire, by=request.user)
            messages.success(request, _("Анкета принята на рассмотрение."))
        elif action == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                return _detail_with_errors(request, questionnaire, return_form=form)
            services.questionnaire_return(
                questionnaire=questionnaire,
                by=request.user,
                message=form.cleaned_data["message"],
                reason=form.cleaned_data["reason"],
            )
            if form.cleaned_data["reason"] == ReturnReason.INCOMPLETE:
                messages.success(request, _("Анкета отмечена как неполная и возвращена заявителю."))
            else:
                messages.success(request, _("Анкета возвращена на доработку."))
        elif action == "publish":
            services.questionnaire_publish(questionnaire=questionnaire, by=request.user)
            messages.success(request, _("Практика опубликована в каталоге."))
        elif action == "unpublish":
            services.questionnaire_unpublish(questionnaire=questionnaire, by=request.user)
            messages.success(request, _("Практика снята с публикации."))
        else:
            messages.error(request, _("Неизвестное действие."))
    except services.QuestionnaireError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("practices:detail", pk=pk)


def _detail_with_errors(
    request: HttpRequest, questionnaire: Questionnaire, **forms: Any
) -> HttpResponse:
    context = {
        "questionnaire": questionnaire,
        "staff": True,
        "represents": questionnaire.organisation_id in roles.organisation_ids(request.user),
        "can_review": policy.can_review_questionnaire(request.user, questionnaire),
        "can_publish": policy.can_publish_questionnaire(request.user, questionnaire)
        and not questionnaire.is_published,
        "can_unpublish": roles.is_federal(request.user) and questionnaire.is_published,
        "can_pdf": policy.can_download_pdf(request.user, questionnaire),
        "return_form": forms.get("return_form") or ReturnForm(),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "first_section": sections_for(True)[0],
        **selectors.questionnaire_detail_context(questionnaire, staff=True),
    }
    response = render(request, "practices/questionnaire_detail.html", context, status=400)
    _record_contacts_read(request, questionnaire, represents=context["represents"])
    return response


@login_required
@require_POST
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = policy.get_reviewable_questionnaire_for_user(request.user, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _detail_with_errors(request, questionnaire, comment_form=form)
    services.staff_comment_add(
        questionnaire=questionnaire, by=request.user, text=form.cleaned_data["text"]
    )
    messages.success(request, _("Комментарий добавлен."))
    return redirect(reverse("practices:detail", args=[pk]) + "#comments")
