"""The expert commission in the admin, for federal coordinators: the commission (settings,
members, criteria, automatic assignment, the ranking), admissions, assignments, every review
(read-only) and decisions. The experts' own page is in ``expert_tasks``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from practices import permissions as policy
from practices import selectors, services
from practices.models import (
    Admission,
    Assignment,
    Commission,
    CommissionMember,
    Criterion,
    Decision,
    Direction,
    Review,
    Score,
)
from resursnaya_sreda.kernel.admin import (
    PortalModelAdmin,
    PortalTabularInline,
    ReadOnlyAdminMixin,
    refusal_message,
)
from resursnaya_sreda.kernel.models import Region

RANKING_PAGE_SIZE = 100

# --- The commission ----------------------------------------------------------------------


class MemberInline(PortalTabularInline):
    model = CommissionMember
    fields = ["user", "role"]
    autocomplete_fields = ["user"]
    extra = 0


class CriterionInline(PortalTabularInline):
    """Editable until scoring starts; afterwards only a new revision unfreezes them."""

    model = Criterion
    fields = [
        "position",
        "name",
        "description",
        "scale_min",
        "scale_max",
        "weight",
        "comment_required",
    ]
    extra = 1  # a blank row to fill; left blank it is ignored
    formfield_overrides = {
        Criterion._meta.get_field("description").__class__: {
            "widget": forms.Textarea(attrs={"rows": 1, "cols": 28})
        },
        Criterion._meta.get_field("weight").__class__: {
            "widget": forms.NumberInput(attrs={"step": "0.01", "style": "width: 5em"})
        },
    }

    def get_queryset(self, request: HttpRequest) -> QuerySet[Criterion]:
        return super().get_queryset(request).filter(is_active=True)

    def _frozen(self, obj: Commission | None) -> bool:
        return obj is not None and services.scoring_started(obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_add_permission(request, obj) and not self._frozen(obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and not self._frozen(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and not self._frozen(obj)


@admin.register(Commission)
class CommissionAdmin(PortalModelAdmin):
    list_display = ["title", "programme", "reviewers_per_questionnaire", "links"]
    list_select_related = ["programme"]
    inlines = [MemberInline, CriterionInline]
    actions = ["assign_automatically", "new_criteria_revision"]
    readonly_fields = ["criteria_revision", "links"]
    fields = [
        "programme",
        "title",
        "reviewers_per_questionnaire",
        "exclude_same_region",
        "disagreement_threshold",
        "review_days",
        "reminder_days",
        "criteria_revision",
        "links",
    ]

    @admin.display(description=_("работа комиссии"))
    def links(self, obj: Commission) -> str:
        if obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:practices_commission_ranking", args=[obj.pk]),
            gettext("Рейтинг анкет"),
        )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Criterion:
            super().save_formset(request, form, formset, change)
            return
        # Criteria go through the service, which refuses changes once scoring started.
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for criterion in instances:
            criterion.commission = form.instance
            try:
                services.criterion_save(criterion=criterion, by=request.user)
            except (services.QuestionnaireError, PermissionDenied) as exc:
                self.message_user(request, refusal_message(exc), messages.ERROR)

    @admin.action(description=_("Распределить анкеты между экспертами автоматически"))
    def assign_automatically(self, request: HttpRequest, queryset: QuerySet[Commission]) -> None:
        for commission in queryset:
            created = services.assign_automatically(commission=commission, by=request.user)
            self.message_user(
                request,
                ngettext("Создано назначений: %(n)s.", "Создано назначений: %(n)s.", len(created))
                % {"n": len(created)},
                messages.SUCCESS,
            )

    @admin.action(description=_("Новая редакция критериев (прежние оценки сохранятся)"))
    def new_criteria_revision(self, request: HttpRequest, queryset: QuerySet[Commission]) -> None:
        for commission in queryset:
            services.criteria_new_revision(commission=commission, by=request.user)
            self.message_user(
                request,
                gettext("Создана новая редакция критериев; её можно изменять."),
                messages.SUCCESS,
            )

    # --- The ranking page -----------------------------------------------------------------

    def get_urls(self) -> list[Any]:
        extra = [
            path(
                "<int:commission_id>/ranking/",
                self.admin_site.admin_view(self.ranking_view),
                name="practices_commission_ranking",
            ),
        ]
        return extra + super().get_urls()

    def ranking_view(self, request: HttpRequest, commission_id: int) -> HttpResponse:
        if not policy.can_see_all_reviews(request.user):
            raise Http404
        try:
            commission = Commission.objects.select_related("programme").get(pk=commission_id)
        except Commission.DoesNotExist as exc:
            raise Http404 from exc
        if request.method == "POST" and request.POST.get("third_expert"):
            questionnaire = commission.programme.questionnaires.filter(
                pk=request.POST["third_expert"]
            ).first()
            if questionnaire is None:
                raise Http404
            try:
                assignment = services.assign_third_expert(
                    questionnaire=questionnaire, by=request.user
                )
            except (services.QuestionnaireError, PermissionDenied) as exc:
                self.message_user(request, refusal_message(exc), messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("Назначен третий эксперт: %(who)s.") % {"who": assignment.expert},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(request.get_full_path())

        def number(name: str) -> int | None:
            value = request.GET.get(name, "")
            return int(value) if value.isdigit() else None

        order = request.GET.get("o", "mean")
        order = order if order in selectors.RANKING_ORDERS else "mean"
        descending = request.GET.get("dir", "desc") != "asc"
        normalised = request.GET.get("z") == "1"
        rows = selectors.ranking(
            commission,
            region_id=number("region"),
            direction_id=number("direction"),
            order=order,
            descending=descending,
            normalised=normalised,
        )
        paginator = Paginator(rows, RANKING_PAGE_SIZE)
        if not (number("region") or number("direction")):
            # The stored rows counted alone: the paginator never aggregates or joins.
            paginator.count = selectors.ranking_count(commission)
        page = paginator.get_page(request.GET.get("p"))
        params = {k: v for k, v in request.GET.items() if k not in {"o", "dir", "p"}}
        sort_links = {
            key: "?"
            + urlencode(
                {**params, "o": key, "dir": "asc" if key == order and descending else "desc"}
            )
            for key in selectors.RANKING_ORDERS
        }
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Рейтинг анкет: %(c)s") % {"c": commission},
            "subtitle": None,
            "opts": self.opts,
            "commission": commission,
            "rows": page.object_list,
            "page_obj": page,
            "page_query": urlencode({**params, "o": order, "dir": "desc" if descending else "asc"}),
            "first_place": page.start_index(),
            "order": order,
            "descending": descending,
            "normalised": normalised,
            "sort_links": sort_links,
            "regions": Region.objects.order_by("name"),
            "refreshed_at": commission.ranking_refreshed_at,
            "directions": Direction.objects.all(),
            "selected_region": number("region"),
            "selected_direction": number("direction"),
            "decision_add": reverse("admin:practices_decision_add"),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/practices/ranking.html", context)


# --- Admission, assignments, reviews, decisions (federal) ----------------------------------


@admin.register(Admission)
class AdmissionAdmin(PortalModelAdmin):
    list_display = ["questionnaire", "region", "admitted", "reason", "decided_by", "decided_at"]
    list_filter = ["admitted", "questionnaire__organisation__region"]
    list_select_related = ["questionnaire__organisation__region", "decided_by"]
    raw_id_fields = ["questionnaire"]
    fields = ["questionnaire", "admitted", "reason"]
    search_fields = ["questionnaire__title", "questionnaire__organisation__name"]

    @admin.display(description=_("регион"), ordering="questionnaire__organisation__region__name")
    def region(self, obj: Admission) -> str:
        return str(obj.questionnaire.organisation.region)

    def save_model(self, request: HttpRequest, obj: Admission, form: Any, change: bool) -> None:
        saved = services.admission_decide(
            questionnaire=obj.questionnaire,
            by=request.user,
            admitted=obj.admitted,
            reason=obj.reason,
        )
        obj.pk = saved.pk

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        form_class = super().get_form(request, obj, **kwargs)

        class AdmissionForm(form_class):  # type: ignore[misc, valid-type]
            def clean(self) -> dict[str, Any]:
                cleaned = super().clean()
                if cleaned.get("admitted") is False and not (cleaned.get("reason") or "").strip():
                    self.add_error("reason", _("Укажите причину недопуска: заявитель её увидит."))
                return cleaned

        return AdmissionForm


@admin.register(Assignment)
class AssignmentAdmin(PortalModelAdmin):
    list_display = ["questionnaire", "expert", "state", "due_on", "review_state"]
    list_filter = ["state", "due_on"]
    list_select_related = ["questionnaire", "expert", "review"]
    raw_id_fields = ["questionnaire"]
    autocomplete_fields = ["expert"]
    search_fields = ["questionnaire__title", "expert__full_name", "expert__email"]
    fields = ["questionnaire", "expert", "due_on", "state", "conflict_reason"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["questionnaire", "expert", "state", "conflict_reason"] if obj else ["state"]

    @admin.display(description=_("оценка"))
    def review_state(self, obj: Assignment) -> str:
        review = getattr(obj, "review", None)
        return review.get_state_display() if review else "—"

    def save_model(self, request: HttpRequest, obj: Assignment, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        try:
            saved = services.assignment_create(
                questionnaire=obj.questionnaire,
                expert=obj.expert,
                by=request.user,
                due_on=obj.due_on,
            )
        except services.QuestionnaireError as exc:
            raise ValidationError(exc.message) from exc
        obj.pk = saved.pk

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        form_class = super().get_form(request, obj, **kwargs)
        if obj is not None:
            return form_class

        class AssignmentForm(form_class):  # type: ignore[misc, valid-type]
            def clean(self) -> dict[str, Any]:
                # The service's checks, shown beside the form instead of a server error.
                cleaned = super().clean()
                questionnaire, expert = cleaned.get("questionnaire"), cleaned.get("expert")
                if questionnaire and expert:
                    refusal = services.assignment_refusal(
                        questionnaire=questionnaire, expert=expert
                    )
                    if refusal:
                        self.add_error("expert", refusal)
                return cleaned

        return AssignmentForm


class ScoreInline(ReadOnlyAdminMixin, PortalTabularInline):
    model = Score
    fields = ["criterion", "value", "comment"]
    readonly_fields = fields
    extra = 0


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    """Every review, read-only: federal coordinators only (experts have their own page)."""

    list_display = ["questionnaire", "expert", "state", "total", "recommendation", "submitted_at"]
    list_filter = ["state", "recommendation"]
    list_select_related = ["questionnaire", "expert"]
    search_fields = ["questionnaire__title", "expert__full_name"]
    inlines = [ScoreInline]
    fields = [
        "questionnaire",
        "expert",
        "state",
        "total",
        "recommendation",
        "overall_comment",
        "submitted_at",
    ]
    readonly_fields = fields


@admin.register(Decision)
class DecisionAdmin(PortalModelAdmin):
    list_display = ["questionnaire", "outcome", "reason", "decided_by", "decided_at"]
    list_filter = ["outcome"]
    list_select_related = ["questionnaire", "decided_by"]
    raw_id_fields = ["questionnaire"]
    fields = ["questionnaire", "outcome", "reason"]

    def save_model(self, request: HttpRequest, obj: Decision, form: Any, change: bool) -> None:
        saved = services.decision_make(
            questionnaire=obj.questionnaire, by=request.user, outcome=obj.outcome, reason=obj.reason
        )
        obj.pk = saved.pk

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        form_class = super().get_form(request, obj, **kwargs)

        class DecisionForm(form_class):  # type: ignore[misc, valid-type]
            def clean(self) -> dict[str, Any]:
                cleaned = super().clean()
                questionnaire = cleaned.get("questionnaire")
                if (
                    questionnaire
                    and not Admission.objects.filter(
                        questionnaire=questionnaire, admitted=True
                    ).exists()
                ):
                    self.add_error("questionnaire", _("Анкета не допущена к экспертизе."))
                return cleaned

        return DecisionForm
