"""Staff pages of stories: the list, a story, its script, crew, review and publication."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resursnaya_sreda.accounts import permissions as roles
from resursnaya_sreda.kernel import access_log
from resursnaya_sreda.kernel.models import PilotSite
from resursnaya_sreda.kernel.web import add_service_errors, querystring_without_page
from videos import forms, selectors, services
from videos import permissions as policy
from videos.models import (
    FilmingPartner,
    OnScreenPerson,
    Platform,
    StoryState,
)
from videos.views.common import confirm, current_programme, refused

PAGE_SIZE = 25


def _staff(user: Any) -> None:
    if not policy.can_see_staff_pages(user):
        raise Http404


def _site_matrix(programme: Any, spec: Any) -> str:
    """The federal matrix (every site, its stories and states), rendered once and kept until a
    story, an acknowledgement or the requirements change: the list's pages do not redo it, and
    every federal coordinator sees the same table."""
    key = f"videos:matrix:{programme.pk}:{spec.pk if spec else 0}:{selectors.matrix_version()}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            "videos/partials/site_matrix.html",
            {"matrix": selectors.site_matrix(programme, spec), "spec": spec},
        )
        cache.set(key, html, selectors.MATRIX_SECONDS)
    return mark_safe(html)  # noqa: S308  (our own template's output)


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    _staff(request.user)
    programme = current_programme()
    state = request.GET.get("state", "")
    if state not in StoryState.values:
        state = ""
    sites = roles.filter_by_pilot_site(
        PilotSite.objects.filter(programme=programme).select_related("region"), request.user, "pk"
    ).order_by("region__name")
    site = None
    if request.GET.get("site", "").isdigit():
        site = next((s for s in sites if s.pk == int(request.GET["site"])), None)
    stories = selectors.staff_stories(request.user, programme, state=state, site=site)
    page = Paginator(stories, PAGE_SIZE).get_page(request.GET.get("page"))
    spec = services.specification_current(programme)
    targets = services.story_targets(programme)
    own_sites = roles.pilot_sites(request.user)
    context: dict[str, Any] = {
        "page_obj": page,
        "stories": page.object_list,
        "querystring": querystring_without_page(request),
        "states": StoryState.choices,
        "state": state,
        "sites": sites,
        "site": site,
        "spec": spec,
        "targets": targets,
        "is_federal": roles.is_federal(request.user),
    }
    if roles.is_federal(request.user):
        context["matrix"] = _site_matrix(programme, spec)
    else:
        acked = set()
        if spec is not None:
            acked = set(spec.acknowledgements.values_list("pilot_site_id", flat=True))
        counts = {s.pk: 0 for s in own_sites}
        for story in stories:
            counts[story.pilot_site_id] = counts.get(story.pilot_site_id, 0) + 1
        context["own_sites"] = [
            {
                "site": s,
                "acknowledged": s.pk in acked,
                "can_add": counts.get(s.pk, 0) < targets.stories_per_site,
            }
            for s in own_sites
            if s.programme_id == programme.pk
        ]
    return render(request, "videos/story_staff_list.html", context)


@login_required
def story_create(request: HttpRequest) -> HttpResponse:
    _staff(request.user)
    programme = current_programme()
    sites = roles.filter_by_pilot_site(
        PilotSite.objects.filter(programme=programme).select_related("region"), request.user, "pk"
    ).order_by("region__name")
    site_id = (
        request.POST.get("pilot_site") or request.GET.get("pilot_site") or request.GET.get("site")
    )
    site = None
    if site_id and str(site_id).isdigit():
        site = sites.filter(pk=int(site_id)).first()
    if site is None and sites.count() == 1:
        site = sites.first()
    if site is None:
        form = forms.SiteForm(request.GET or None, sites=sites)
        return render(request, "videos/story_site_choice.html", {"form": form})
    targets = services.story_targets(programme)
    form = forms.StoryForm(
        request.POST or None, request.FILES or None, site=site, limit=targets.practices_per_story
    )
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "practices": list(form.cleaned_data["practices"])}
        try:
            story = services.story_create(site=site, by=request.user, data=data)
            if form.cleaned_data.get("script_file"):
                services.story_update(
                    story=story,
                    by=request.user,
                    data={},
                    script_file=form.cleaned_data["script_file"],
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except services.StoryError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Сюжет создан."))
            return redirect("videos:story", story.pk)
    return render(
        request,
        "videos/story_form.html",
        {"form": form, "site": site, "story": None, "targets": targets},
    )


@login_required
def story_detail(request: HttpRequest, pk: int) -> HttpResponse:
    story = policy.get_story_for_user(request.user, pk)
    story = selectors.story_page(story)
    user = request.user
    cuts = list(story.cuts.all())
    cut = cuts[0] if cuts else None
    proposal = getattr(story, "proposal", None)
    receiving = story.uploads.filter(state="receiving").first()
    links = {link.platform: link for link in story.links.all()}
    context = {
        "story": story,
        "practices": [sp.questionnaire for sp in story.story_practices.all()],
        "cut": cut,
        "older_cuts": cuts[1:],
        "receiving": receiving,
        "proposal": proposal,
        "preferences": sorted(
            (p for p in proposal.periods.all() if p.kind == "prefer"), key=lambda p: p.rank
        )
        if proposal
        else [],
        "avoid": [p for p in proposal.periods.all() if p.kind == "avoid"] if proposal else [],
        "missing_releases": [p.full_name for p in story.people.all() if not p.has_release],
        "targets": services.story_targets(story.programme),
        "can_edit_script": policy.can_edit_script(user, story),
        "can_edit_crew": policy.can_edit_crew(user, story),
        "can_submit_script": policy.can_submit_script(user, story),
        "can_review_script": policy.can_review_script(user, story),
        "can_start_filming": policy.can_start_filming(user, story),
        "can_upload_cut": policy.can_upload_cut(user, story),
        "can_submit_cut": policy.can_submit_cut(user, story) and bool(cut and cut.passed),
        "can_review_cut": policy.can_review_cut(user, story),
        "can_propose": policy.can_propose_dates(user, story),
        "can_record_links": policy.can_record_links(user, story),
        "can_pin": policy.can_manage_schedule(user),
        "partner_form": forms.PartnerForm(prefix="partner"),
        "person_form": forms.PersonForm(prefix="person"),
        "proposal_form": forms.ProposalForm(initial=forms.ProposalForm.initial_for(proposal)),
        "links_form": forms.LinksForm(
            initial={
                field: links[platform].url
                for platform, field in forms.LinksForm.PLATFORM_FIELDS.items()
                if platform in links
            }
        ),
        "links": links,
        "pin_form": forms.PinForm(
            initial={"release_on": story.pin.release_on if hasattr(story, "pin") else None}
        ),
        "max_upload": services.max_upload_bytes(),
        "chunk_size": settings.VIDEOS_CHUNK_BYTES,
    }
    response = render(request, "videos/story_detail.html", context)
    people = list(story.people.all())
    partners = [p for p in story.partners.all() if p.contact]
    if people or partners:
        # The page names the people filmed and the partners' contacts: one entry per view.
        access_log.record_access(
            request, story, parameters={"people": len(people), "partner_contacts": len(partners)}
        )
    return response


@login_required
def story_edit(request: HttpRequest, pk: int) -> HttpResponse:
    story = policy.get_story_for_user(request.user, pk)
    policy.require(policy.can_edit_script(request.user, story))
    targets = services.story_targets(story.programme)
    initial = {
        "title": story.title,
        "synopsis": story.synopsis,
        "script_text": story.script_text,
        "practices": [sp.questionnaire_id for sp in story.story_practices.all()],
    }
    form = forms.StoryForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        site=story.pilot_site,
        limit=targets.practices_per_story,
    )
    if request.method == "POST" and form.is_valid():
        data = {
            "title": form.cleaned_data["title"],
            "synopsis": form.cleaned_data["synopsis"],
            "script_text": form.cleaned_data["script_text"],
            "practices": list(form.cleaned_data["practices"]),
        }
        try:
            services.story_update(
                story=story,
                by=request.user,
                data=data,
                script_file=form.cleaned_data.get("script_file"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except services.StoryError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Сюжет сохранён."))
            return redirect("videos:story", story.pk)
    return render(
        request,
        "videos/story_form.html",
        {"form": form, "site": story.pilot_site, "story": story, "targets": targets},
    )


# --- State changes, each asked once ---------------------------------------------------------

TRANSITIONS: dict[str, dict[str, Any]] = {
    "submit-script": {
        "service": services.story_script_submit,
        "check": policy.can_submit_script,
        "title": _("Отправить сценарий на согласование?"),
        "text": _(
            "Сценарий, название и практики сюжета будут зафиксированы: федеральный центр "
            "согласует их или вернёт с замечаниями. До ответа их нельзя менять."
        ),
        "button": _("Отправить сценарий"),
        "done": _("Сценарий отправлен на согласование."),
    },
    "approve-script": {
        "service": services.story_script_approve,
        "check": policy.can_review_script,
        "title": _("Согласовать сценарий?"),
        "text": _("Площадка получит письмо и сможет начинать съёмку по этому сценарию."),
        "button": _("Согласовать"),
        "done": _("Сценарий согласован."),
        "message": "optional",
    },
    "return-script": {
        "service": services.story_script_return,
        "check": policy.can_review_script,
        "title": _("Вернуть сценарий на доработку?"),
        "text": _("Площадка получит ваше сообщение и сможет исправить сценарий."),
        "button": _("Вернуть"),
        "done": _("Сценарий возвращён."),
        "message": "required",
        "danger": True,
    },
    "start-filming": {
        "service": services.story_filming_start,
        "check": policy.can_start_filming,
        "title": _("Отметить начало съёмки?"),
        "text": _("После этого на странице сюжета можно загрузить смонтированный ролик."),
        "button": _("Начать съёмку"),
        "done": _("Съёмка начата."),
    },
    "submit-cut": {
        "service": services.story_cut_submit,
        "check": policy.can_submit_cut,
        "title": _("Отправить монтаж на приёмку?"),
        "text": _(
            "Последний загруженный ролик, прошедший проверку, уйдёт в федеральный центр. "
            "Новые загрузки будут возможны, только если монтаж вернут."
        ),
        "button": _("Отправить монтаж"),
        "done": _("Монтаж отправлен на приёмку."),
    },
    "approve-cut": {
        "service": services.story_cut_approve,
        "check": policy.can_review_cut,
        "title": _("Принять монтаж?"),
        "text": _(
            "Сюжет будет готов к выпуску: состав съёмки и люди в кадре фиксируются, сюжет "
            "получит дату по опубликованному графику."
        ),
        "button": _("Принять"),
        "done": _("Монтаж принят."),
        "message": "optional",
    },
    "return-cut": {
        "service": services.story_cut_return,
        "check": policy.can_review_cut,
        "title": _("Вернуть монтаж на доработку?"),
        "text": _("Площадка получит ваше сообщение и сможет загрузить исправленный ролик."),
        "button": _("Вернуть"),
        "done": _("Монтаж возвращён."),
        "message": "required",
        "danger": True,
    },
}


@login_required
def story_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    spec = TRANSITIONS.get(action)
    if spec is None:
        raise Http404
    story = policy.get_story_for_user(request.user, pk)
    policy.require(spec["check"](request.user, story))
    back = reverse("videos:story", args=[story.pk])
    form = forms.MessageForm(request.POST or None) if spec.get("message") else None
    items: list[str] = []
    if action == "approve-cut":
        items = services.missing_releases(story)
    if request.method == "POST":
        kwargs: dict[str, Any] = {"story": story, "by": request.user}
        if form is not None:
            if not form.is_valid():
                return confirm(request, **_confirm_args(spec, back, form, items))
            kwargs["message"] = form.cleaned_data["message"]
        try:
            spec["service"](**kwargs)
        except ValidationError as exc:
            if form is not None:
                add_service_errors(form, exc)
                return confirm(request, **_confirm_args(spec, back, form, items))
            messages.error(request, " ".join(exc.messages))
        except services.StoryError as exc:
            refused(request, exc)
        else:
            messages.success(request, spec["done"])
        return redirect(back)
    return confirm(request, **_confirm_args(spec, back, form, items))


def _confirm_args(spec: dict[str, Any], back: str, form: Any, items: list[str]) -> dict[str, Any]:
    text = spec["text"]
    if items:
        text = _("Нет согласий на съёмку — принять нельзя, пока их не загрузят:")
    return {
        "title": spec["title"],
        "text": text,
        "button": spec["button"],
        "back_url": back,
        "form": form,
        "danger": spec.get("danger", False),
        "items": items,
    }


# --- Crew ----------------------------------------------------------------------------------


@login_required
@require_POST
def partner_add(request: HttpRequest, pk: int) -> HttpResponse:
    story = policy.get_story_for_user(request.user, pk)
    policy.require(policy.can_edit_crew(request.user, story))
    form = forms.PartnerForm(request.POST, request.FILES, prefix="partner")
    if form.is_valid():
        try:
            services.partner_add(
                story=story,
                by=request.user,
                data=form.cleaned_data,
                agreement=form.cleaned_data.get("agreement_upload"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except services.StoryError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Партнёр добавлен."))
            return redirect(reverse("videos:story", args=[story.pk]) + "#crew")
    return render(
        request, "videos/crew_form.html", {"story": story, "form": form, "kind": "partner"}
    )


@login_required
@require_POST
def partner_delete(request: HttpRequest, pk: int, partner_pk: int) -> HttpResponse:
    story = policy.get_story_for_user(request.user, pk)
    partner = get_object_or_404(FilmingPartner, pk=partner_pk, story=story)
    try:
        services.partner_delete(partner=partner, by=request.user)
    except services.StoryError as exc:
        refused(request, exc)
    return redirect(reverse("videos:story", args=[story.pk]) + "#crew")


@login_required
@require_POST
def person_add(request: HttpRequest, pk: int) -> HttpResponse:
    story = policy.get_story_for_user(request.user, pk)
    policy.require(policy.can_edit_crew(request.user, story))
    form = forms.PersonForm(request.POST, request.FILES, prefix="person")
    if form.is_valid():
        try:
            services.person_add(
                story=story,
                by=request.user,
                data=form.cleaned_data,
                release=form.cleaned_data.get("release_upload"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except services.StoryError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Человек в кадре добавлен."))
            return redirect(reverse("videos:story", args=[story.pk]) + "#people")
    return render(
        request, "videos/crew_form.html", {"story": story, "form": form, "kind": "person"}
    )


@login_required
def person_release(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    story = policy.get_story_for_user(request.user, pk)
    person = get_object_or_404(OnScreenPerson, pk=person_pk, story=story)
    policy.require(policy.can_edit_crew(request.user, story))
    form = forms.ReleaseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_set_release(
                person=person, by=request.user, release=form.cleaned_data["release_upload"]
            )
        except services.StoryError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Согласие загружено."))
            return redirect(reverse("videos:story", args=[story.pk]) + "#people")
    return render(
        request,
        "videos/crew_form.html",
        {"story": story, "form": form, "kind": "release", "person": person},
    )


@login_required
@require_POST
def person_delete(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    story = policy.get_story_for_user(request.user, pk)
    person = get_object_or_404(OnScreenPerson, pk=person_pk, story=story)
    try:
        services.person_delete(person=person, by=request.user)
    except services.StoryError as exc:
        refused(request, exc)
    return redirect(reverse("videos:story", args=[story.pk]) + "#people")


# --- Proposal, pin and publication ----------------------------------------------------------


@login_required
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    story = policy.get_story_for_user(request.user, pk)
    policy.require(policy.can_propose_dates(request.user, story))
    proposal = getattr(story, "proposal", None) if hasattr(story, "proposal") else None
    form = forms.ProposalForm(
        request.POST or None, initial=forms.ProposalForm.initial_for(proposal)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_save(
                story=story,
                by=request.user,
                ready_on=form.cleaned_data["ready_on"],
                preferences=form.periods("prefer", forms.PREFERENCE_ROWS),
                avoid=form.periods("avoid", forms.AVOID_ROWS),
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except services.StoryError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Предложение по дате выпуска сохранено."))
            return redirect(reverse("videos:story", args=[story.pk]) + "#proposal")
    return render(request, "videos/proposal_form.html", {"story": story, "form": form})


@login_required
@require_POST
def story_pin(request: HttpRequest, pk: int) -> HttpResponse:
    story = policy.get_story_for_user(request.user, pk)
    if not policy.can_manage_schedule(request.user):
        raise PermissionDenied
    form = forms.PinForm(request.POST)
    back = request.POST.get("next") or reverse("videos:schedule")
    if not back.startswith("/"):
        back = reverse("videos:schedule")
    if form.is_valid():
        try:
            services.pin_set(
                story=story, by=request.user, release_on=form.cleaned_data["release_on"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if form.cleaned_data["release_on"]:
                messages.success(
                    request,
                    _("«%(t)s» закреплён на %(d)s. Пересоставьте график.")
                    % {"t": story.title, "d": form.cleaned_data["release_on"].strftime("%d.%m.%Y")},
                )
            else:
                messages.success(request, _("Закрепление снято."))
    else:
        messages.error(request, _("Дата указана неверно."))
    return redirect(back)


@login_required
def story_publish(request: HttpRequest, pk: int) -> HttpResponse:
    story = policy.get_story_for_user(request.user, pk)
    policy.require(policy.can_record_links(request.user, story))
    links = {link.platform: link for link in story.links.all()}
    initial = {
        field: links[platform].url
        for platform, field in forms.LinksForm.PLATFORM_FIELDS.items()
        if platform in links
    }
    form = forms.LinksForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        typed = {
            platform: form.cleaned_data[field]
            for platform, field in forms.LinksForm.PLATFORM_FIELDS.items()
        }
        try:
            services.story_links_save(story=story, by=request.user, links=typed)
        except ValidationError as exc:
            for platform, errors in exc.message_dict.items():
                form.add_error(forms.LinksForm.PLATFORM_FIELDS.get(Platform(platform)), errors)
        except services.StoryError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Ссылки сохранены, сюжет опубликован на портале."))
            return redirect("videos:story", story.pk)
    return render(request, "videos/story_publish.html", {"story": story, "form": form})
