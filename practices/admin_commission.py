"""The expert commission in the admin.

Federal coordinators: the commission (settings, members, criteria, automatic assignment, the
ranking), admissions, assignments, every review, decisions, pilot sites' practices. Experts see
one thing only: «Мои заявки на оценку», with a scoring page per assignment; another expert's
assignment or review is a 404 whatever the URL.
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
from practices import selectors
from practices import selectors as ranking_selectors
from practices.models import (
    Admission,
    Assignment,
    Commission,
    CommissionMember,
    Criterion,
    Decision,
    Direction,
    ExpertTask,
    PilotPractice,
    Recommendation,
    Review,
    ReviewState,
    Score,
    SupportEntry,
)
from practices.services import QuestionnaireError
from practices.services import commission as commission_services
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel.admin import PortalModelAdmin, PortalTabularInline
from resursnaya_sreda.kernel.models import Region
from resursnaya_sreda.kernel.web import add_service_errors

RANKING_PAGE_SIZE = 100


def _refusal(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return getattr(exc, "message", "") or gettext("Нет прав на это действие.")


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
        return obj is not None and commission_services.scoring_started(obj)

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
                commission_services.criterion_save(criterion=criterion, by=request.user)
            except (QuestionnaireError, PermissionDenied) as exc:
                self.message_user(request, _refusal(exc), messages.ERROR)

    @admin.action(description=_("Распределить анкеты между экспертами автоматически"))
    def assign_automatically(self, request: HttpRequest, queryset: QuerySet[Commission]) -> None:
        for commission in queryset:
            created = commission_services.assign_automatically(
                commission=commission, by=request.user
            )
            self.message_user(
                request,
                ngettext("Создано назначений: %(n)s.", "Создано назначений: %(n)s.", len(created))
                % {"n": len(created)},
                messages.SUCCESS,
            )

    @admin.action(description=_("Новая редакция критериев (прежние оценки сохранятся)"))
    def new_criteria_revision(self, request: HttpRequest, queryset: QuerySet[Commission]) -> None:
        for commission in queryset:
            commission_services.criteria_new_revision(commission=commission, by=request.user)
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
                assignment = commission_services.assign_third_expert(
                    questionnaire=questionnaire, by=request.user
                )
            except (QuestionnaireError, PermissionDenied) as exc:
                self.message_user(request, _refusal(exc), messages.ERROR)
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
        order = order if order in ranking_selectors.RANKING_ORDERS else "mean"
        descending = request.GET.get("dir", "desc") != "asc"
        normalised = request.GET.get("z") == "1"
        rows = ranking_selectors.ranking(
            commission,
            region_id=number("region"),
            direction_id=number("direction"),
            order=order,
            descending=descending,
            normalised=normalised,
        )
        page = Paginator(rows, RANKING_PAGE_SIZE).get_page(request.GET.get("p"))
        params = {k: v for k, v in request.GET.items() if k not in {"o", "dir", "p"}}
        sort_links = {
            key: "?"
            + urlencode(
                {**params, "o": key, "dir": "asc" if key == order and descending else "desc"}
            )
            for key in ranking_selectors.RANKING_ORDERS
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
            "regions": Region.objects.filter(
                organisations__questionnaires__admission__admitted=True
            ).distinct(),
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
    list_display = ["questionnaire", "admitted", "reason", "decided_by", "decided_at"]
    list_filter = ["admitted"]
    list_select_related = ["questionnaire", "decided_by"]
    raw_id_fields = ["questionnaire"]
    fields = ["questionnaire", "admitted", "reason"]
    search_fields = ["questionnaire__title", "questionnaire__organisation__name"]

    def save_model(self, request: HttpRequest, obj: Admission, form: Any, change: bool) -> None:
        saved = commission_services.admission_decide(
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
            saved = commission_services.assignment_create(
                questionnaire=obj.questionnaire,
                expert=obj.expert,
                by=request.user,
                due_on=obj.due_on,
            )
        except QuestionnaireError as exc:
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
                    refusal = commission_services.assignment_refusal(
                        questionnaire=questionnaire, expert=expert
                    )
                    if refusal:
                        self.add_error("expert", refusal)
                return cleaned

        return AssignmentForm


class ScoreInline(PortalTabularInline):
    model = Score
    fields = ["criterion", "value", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Review)
class ReviewAdmin(PortalModelAdmin):
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

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Decision)
class DecisionAdmin(PortalModelAdmin):
    list_display = ["questionnaire", "outcome", "reason", "decided_by", "decided_at"]
    list_filter = ["outcome"]
    list_select_related = ["questionnaire", "decided_by"]
    raw_id_fields = ["questionnaire"]
    fields = ["questionnaire", "outcome", "reason"]

    def save_model(self, request: HttpRequest, obj: Decision, form: Any, change: bool) -> None:
        saved = commission_services.decision_make(
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


class SupportInline(PortalTabularInline):
    model = SupportEntry
    fields = ["date", "kind", "text", "author"]
    readonly_fields = ["author"]
    extra = 0


@admin.register(PilotPractice)
class PilotPracticeAdmin(PortalModelAdmin):
    list_display = ["pilot_site", "slot", "questionnaire", "state", "confirmed_at"]
    list_filter = ["state", "pilot_site__programme"]
    list_select_related = ["pilot_site__region", "questionnaire"]
    readonly_fields = ["pilot_site", "questionnaire", "slot", "state", "confirmed_at"]
    fields = readonly_fields
    inlines = [SupportInline]
    actions = ["confirm"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # regional staff propose on the site

    @admin.action(description=_("Подтвердить выбор практики"))
    def confirm(self, request: HttpRequest, queryset: QuerySet[PilotPractice]) -> None:
        done = 0
        for practice in queryset:
            try:
                commission_services.pilot_practice_confirm(practice=practice, by=request.user)
            except (QuestionnaireError, PermissionDenied) as exc:
                self.message_user(request, f"{practice}: {_refusal(exc)}", messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(
                request, gettext("Подтверждено практик: %(n)s.") % {"n": done}, messages.SUCCESS
            )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for entry in formset.save(commit=False):
            if entry.author_id is None:
                entry.author = request.user
            entry.save()
        for obj in formset.deleted_objects:
            obj.delete()


# --- The expert's own page -----------------------------------------------------------------


class ReviewForm(forms.Form):
    """One score and comment per criterion, the overall comment and the recommendation."""

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.CharField(
                label=criterion.name,
                required=False,
                help_text=gettext("Целое число от %(lo)s до %(hi)s, вес %(w)s.")
                % {
                    "lo": criterion.scale_min,
                    "hi": criterion.scale_max,
                    "w": f"{criterion.weight.normalize():f}",
                },
                widget=forms.NumberInput(
                    attrs={"min": criterion.scale_min, "max": criterion.scale_max, "step": 1}
                ),
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=gettext("Комментарий") + (" *" if criterion.comment_required else ""),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
            )
        self.fields["overall_comment"] = forms.CharField(
            label=_("Общий комментарий"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        )
        self.fields["recommendation"] = forms.ChoiceField(
            label=_("Рекомендация"),
            required=False,
            choices=[("", "—"), *Recommendation.choices],
        )

    def rows(self) -> list[tuple[Criterion, Any, Any]]:
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {
            c.pk: (data.get(f"score_{c.pk}", ""), data.get(f"comment_{c.pk}", ""))
            for c in self.criteria
        }


def _initial(review: Review | None) -> dict[str, Any]:
    if review is None:
        return {}
    initial: dict[str, Any] = {
        "overall_comment": review.overall_comment,
        "recommendation": review.recommendation,
    }
    for score in review.scores.all():
        initial[f"score_{score.criterion_id}"] = score.value
        initial[f"comment_{score.criterion_id}"] = score.comment
    return initial


@admin.register(ExpertTask)
class ExpertTaskAdmin(admin.ModelAdmin):
    """«Мои заявки на оценку»: only experts, only their own active assignments."""

    list_display = ["questionnaire_title", "region", "due", "progress_state"]
    list_display_links = ["questionnaire_title"]
    list_per_page = 50
    change_list_template = "admin/practices/expert_task_list.html"

    def _is_expert(self, request: HttpRequest) -> bool:
        return roles.is_expert(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._is_expert(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not self._is_expert(request):
            return False
        return obj is None or obj.expert_id == request.user.pk

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Assignment]:
        return ranking_selectors.expert_tasks(request.user)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        return {}

    @admin.display(description=_("анкета"), ordering="questionnaire__title")
    def questionnaire_title(self, obj: Assignment) -> str:
        return obj.questionnaire.display_title

    @admin.display(description=_("регион"))
    def region(self, obj: Assignment) -> str:
        return str(obj.questionnaire.organisation.region)

    @admin.display(description=_("оценить до"), ordering="due_on")
    def due(self, obj: Assignment) -> str:
        return obj.due_on.strftime("%d.%m.%Y") if obj.due_on else "—"

    @admin.display(description=_("оценка"))
    def progress_state(self, obj: Assignment) -> str:
        review = getattr(obj, "review", None)
        if review is None:
            return gettext("не начата")
        return review.get_state_display()

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        done, total = ranking_selectors.expert_progress(request.user)
        extra = {
            "progress_done": done,
            "progress_total": total,
            "progress_line": gettext("Оценено %(done)s из %(total)s")
            % {"done": done, "total": total},
        }
        return super().changelist_view(request, {**extra, **(extra_context or {})})

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if not self._is_expert(request):
            raise PermissionDenied
        assignment = policy.get_assignment_for_expert(request.user, object_id)
        questionnaire = assignment.questionnaire
        commission = commission_services.commission_for(questionnaire.programme)
        criteria = commission_services.active_criteria(commission)
        review = Review.objects.filter(assignment=assignment).prefetch_related("scores").first()
        locked = review is not None and review.state == ReviewState.SUBMITTED
        if request.method == "POST" and not locked:
            if "conflict" in request.POST:
                try:
                    commission_services.assignment_declare_conflict(
                        assignment=assignment,
                        by=request.user,
                        reason=request.POST.get("conflict_reason", ""),
                    )
                except (QuestionnaireError, ValidationError) as exc:
                    self.message_user(request, _refusal(exc), messages.ERROR)
                    return HttpResponseRedirect(request.path)
                self.message_user(
                    request,
                    gettext("Конфликт интересов заявлен; анкета передана другому эксперту."),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:practices_experttask_changelist"))
            form = ReviewForm(request.POST, criteria=criteria)
            submit = "submit" in request.POST
            if form.is_valid():
                try:
                    commission_services.review_save(
                        assignment=assignment,
                        by=request.user,
                        scores=form.scores(),
                        overall_comment=form.cleaned_data["overall_comment"],
                        recommendation=form.cleaned_data["recommendation"],
                        submit=submit,
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                except QuestionnaireError as exc:
                    form.add_error(None, exc.message)
                else:
                    self.message_user(
                        request,
                        gettext("Оценка отправлена.") if submit else gettext("Черновик сохранён."),
                        messages.SUCCESS,
                    )
                    if submit:
                        return HttpResponseRedirect(
                            reverse("admin:practices_experttask_changelist")
                        )
                    return HttpResponseRedirect(request.path)
        else:
            form = ReviewForm(initial=_initial(review), criteria=criteria)
        if locked:
            for field in form.fields.values():
                field.disabled = True
        detail = selectors.questionnaire_detail_context(questionnaire, staff=False)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Оценка анкеты: %(t)s") % {"t": questionnaire.display_title},
            "subtitle": None,
            "opts": self.opts,
            "assignment": assignment,
            "questionnaire": questionnaire,
            "review": review,
            "locked": locked,
            "form": form,
            "criteria": criteria,
            **detail,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/practices/expert_review.html", context)
