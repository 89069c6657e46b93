"""«Мои заявки на оценку»: the experts' own page in the admin. Experts see one thing only,
their active assignments, with a scoring page for each; another expert's assignment or review
is a 404 whatever the URL.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from practices import permissions as policy
from practices import selectors, services
from practices.models import Assignment, Criterion, ExpertTask, Recommendation, Review, ReviewState
from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel.admin import ReadOnlyAdminMixin, refusal_message
from resursnaya_sreda.kernel.web import add_service_errors


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
class ExpertTaskAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
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

    def get_queryset(self, request: HttpRequest) -> QuerySet[Assignment]:
        return selectors.expert_tasks(request.user)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        return {}

    @admin.display(description=_("анкета"), ordering="questionnaire__title")
    def questionnaire_title(self, obj: Assignment) -> str:
        return obj.questionnaire.display_title

    @admin.display(description=_("регион"))
    def region(self, obj: Assignment) -> str:
        return str(obj.questionnaire.organisation.region)

    @admin.display(description=_("оценить до (23:59 МСК)"), ordering="due_on")
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
        done, total = selectors.expert_progress(request.user)
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
        commission = services.commission_for(questionnaire.programme)
        criteria = services.active_criteria(commission)
        review = Review.objects.filter(assignment=assignment).prefetch_related("scores").first()
        locked = review is not None and review.state == ReviewState.SUBMITTED
        if request.method == "POST" and not locked:
            if "conflict" in request.POST:
                try:
                    services.assignment_declare_conflict(
                        assignment=assignment,
                        by=request.user,
                        reason=request.POST.get("conflict_reason", ""),
                    )
                except (services.QuestionnaireError, ValidationError) as exc:
                    self.message_user(request, refusal_message(exc), messages.ERROR)
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
                    services.review_save(
                        assignment=assignment,
                        by=request.user,
                        scores=form.scores(),
                        overall_comment=form.cleaned_data["overall_comment"],
                        recommendation=form.cleaned_data["recommendation"],
                        submit=submit,
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                except services.QuestionnaireError as exc:
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
