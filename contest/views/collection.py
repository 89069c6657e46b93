"""The methodological collection: the editor's pages, the organisation's approval, and the
public reading room at /collection/ (chapter by chapter, from the frozen content)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from contest import book, selectors, services
from contest import permissions as policy
from contest.forms import (
    CANDIDATE_LOOKUP,
    AddChaptersForm,
    ChangesForm,
    ChapterApprovalForm,
    ChapterForm,
    EditionForm,
)
from contest.models import ChapterState, Consent, Edition
from practices.models import Questionnaire
from resursnaya_sreda.kernel.autocomplete import AutocompleteView
from resursnaya_sreda.kernel.files import private_file_response
from resursnaya_sreda.kernel.selectors import programme_current
from resursnaya_sreda.kernel.web import add_service_errors

# --- Public ----------------------------------------------------------------------------------


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The latest published edition: its chapters grouped as in the book, and the PDF."""
    editions = list(selectors.published_editions())
    edition = editions[0] if editions else None
    return _edition_page(request, edition, editions)


@require_GET
def edition(request: HttpRequest, pk: int) -> HttpResponse:
    editions = list(selectors.published_editions())
    current = next((e for e in editions if e.pk == pk), None)
    if current is None:
        raise Http404
    return _edition_page(request, current, editions)


def _edition_page(request: HttpRequest, current: Edition | None, editions: list) -> HttpResponse:
    content = current.frozen if current else None
    return render(
        request,
        "contest/collection_index.html",
        {
            "edition": current,
            "content": content,
            "groups": book.groups(content) if content else [],
            "editions": editions,
            "can_edit": policy.can_edit_collection(request.user),
        },
    )


@require_GET
def chapter(request: HttpRequest, edition_pk: int, questionnaire_pk: int) -> HttpResponse:
    """One chapter of a published edition, as printed (only photos with consent)."""
    current = selectors.published_editions().filter(pk=edition_pk).first()
    if current is None:
        raise Http404
    content = current.frozen
    chapters = content["chapters"]
    index_of = next(
        (i for i, c in enumerate(chapters) if c["questionnaire"] == questionnaire_pk), None
    )
    if index_of is None:
        raise Http404
    return render(
        request,
        "contest/collection_chapter.html",
        {
            "edition": current,
            "content": content,
            "chapter": chapters[index_of],
            "previous": chapters[index_of - 1] if index_of > 0 else None,
            "next": chapters[index_of + 1] if index_of + 1 < len(chapters) else None,
        },
    )


@require_GET
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    current = policy.get_published_edition_pdf(request.user, pk)
    return private_file_response(
        current.pdf, f"Сборник, выпуск {current.number} ({current.year}).pdf", inline=True
    )


@require_GET
def image(request: HttpRequest, pk: int) -> HttpResponse:
    """A collection photo (downsampled, re-encoded by us), shown in place."""
    asset = policy.get_asset_for_user(request.user, pk)
    return private_file_response(asset.file, asset.display_name, inline=True)


# --- The editor --------------------------------------------------------------------------------


def _require_editor(request: HttpRequest) -> None:
    if not policy.can_edit_collection(request.user):
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def editor(request: HttpRequest) -> HttpResponse:
    """Editions of the current programme, and a new one."""
    _require_editor(request)
    programme = programme_current()
    if programme is None:
        raise Http404
    form = EditionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = services.edition_create(by=request.user, programme=programme, **form.cleaned_data)
        messages.success(request, _("Выпуск создан. Выберите практики для глав."))
        return redirect("collection:edition-manage", pk=created.pk)
    return render(
        request,
        "contest/collection_editor.html",
        {
            "editions": selectors.editions_for_editor(programme),
            "form": form,
            "programme": programme,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edition_manage(request: HttpRequest, pk: int) -> HttpResponse:
    current = policy.get_edition_for_editor(request.user, pk)
    add_form = AddChaptersForm(
        request.POST or None, candidates=selectors.collection_candidates(current), edition=current
    )
    edition_form = EditionForm(instance=current)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "add":
                if add_form.is_valid():
                    for questionnaire in add_form.cleaned_data["practices"]:
                        services.chapter_add(
                            edition=current, questionnaire=questionnaire, by=request.user
                        )
                    messages.success(request, _("Главы составлены из записей практик."))
                    return redirect("collection:edition-manage", pk=pk)
            elif action == "settings":
                edition_form = EditionForm(request.POST, instance=current)
                if current.state != "draft":
                    raise services.TransitionError(_("Выпуск уже одобрен: настройки не меняются."))
                if edition_form.is_valid():
                    edition_form.save()
                    messages.success(request, _("Настройки выпуска сохранены."))
                    return redirect("collection:edition-manage", pk=pk)
            elif action == "approve":
                services.edition_approve(edition=current, by=request.user)
                messages.success(request, _("Выпуск одобрен. Теперь его можно опубликовать."))
                return redirect("collection:edition-manage", pk=pk)
            elif action == "publish":
                services.edition_publish(edition=current, by=request.user)
                messages.success(request, _("Выпуск опубликован; PDF собирается обработчиком."))
                return redirect("collection:edition-manage", pk=pk)
            elif action == "rebuild":
                from contest.tasks import rebuild_edition_task

                rebuild_edition_task.delay(current.pk, request.user.pk)
                messages.success(request, _("Пересборка из замороженного содержания запущена."))
                return redirect("collection:edition-manage", pk=pk)
            else:
                raise Http404
        except services.ContestError as exc:
            messages.error(request, exc.message)
            return redirect("collection:edition-manage", pk=pk)
    current.refresh_from_db()
    chapters = list(selectors.edition_chapters(current))
    return render(
        request,
        "contest/collection_edition.html",
        {
            "edition": current,
            "chapters": chapters,
            "add_form": add_form,
            "edition_form": edition_form,
            "approved": sum(1 for c in chapters if c.state == ChapterState.APPROVED),
            "history": current.history.select_related("actor", "chapter").order_by("-created_at")[
                :15
            ],
        },
        status=400 if add_form.errors and request.method == "POST" else 200,
    )


@login_required
@require_GET
def build_status(request: HttpRequest, pk: int) -> HttpResponse:
    current = policy.get_edition_for_editor(request.user, pk)
    return render(request, "contest/partials/edition_build.html", {"edition": current})


@login_required
@require_http_methods(["GET", "POST"])
def chapter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor edits a drafted chapter and sends it to the organisation."""
    _require_editor(request)
    item = policy.get_chapter_for_user(request.user, pk)
    form = ChapterForm(request.POST or None, instance=item)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "save" and form.is_valid():
                services.chapter_save(
                    chapter=item,
                    by=request.user,
                    changes={name: form.cleaned_data[name] for name in ChapterForm.Meta.fields},
                )
                messages.success(request, _("Глава сохранена."))
                return redirect("collection:chapter-edit", pk=pk)
            if action == "redraft":
                services.chapter_redraft(chapter=item, by=request.user)
                messages.success(request, _("Глава заново составлена из записей."))
                return redirect("collection:chapter-edit", pk=pk)
            if action == "send":
                services.chapter_send(chapter=item, by=request.user)
                messages.success(request, _("Глава отправлена организации на согласование."))
                return redirect("collection:edition-manage", pk=item.edition_id)
            if action.startswith("exclude-"):
                photo = item.photos.filter(pk=action.split("-", 1)[1]).first()
                if photo is None:
                    raise Http404
                services.photo_consent_set(photo=photo, by=request.user, consent=Consent.NO)
                messages.success(request, _("Фотография не войдёт в главу."))
                return redirect("collection:chapter-edit", pk=pk)
        except services.ContestError as exc:
            messages.error(request, exc.message)
            return redirect("collection:chapter-edit", pk=pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    # Fields over the chapter's limits stay in the form with their messages.
    return render(
        request,
        "contest/collection_chapter_edit.html",
        {"chapter": item, "form": form, "photos": list(item.photos.select_related("asset"))},
        status=400 if form.errors else 200,
    )


# --- The organisation ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def chapter_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The organisation reads its chapter as it will be printed, confirms the contact and the
    photos' consent, and approves it or asks for changes."""
    item = policy.get_chapter_for_user(request.user, pk)
    photos = list(item.photos.select_related("asset"))
    asks_changes = request.POST.get("action") == "changes"
    form = ChapterApprovalForm(
        None if asks_changes else (request.POST or None),
        photos=photos,
        initial={"contact_agreed": item.contact_agreed},
    )
    changes_form = ChangesForm(request.POST if asks_changes else None)
    may_approve = policy.can_approve_chapter(request.user, item)
    if request.method == "POST":
        if not may_approve:
            raise PermissionDenied
        try:
            if request.POST.get("action") == "changes":
                if changes_form.is_valid():
                    services.chapter_request_changes(
                        chapter=item, by=request.user, message=changes_form.cleaned_data["message"]
                    )
                    messages.success(request, _("Замечания отправлены редактору."))
                    return redirect("collection:chapter-review", pk=pk)
            elif form.is_valid():
                services.chapter_approve(
                    chapter=item,
                    by=request.user,
                    contact_agreed=form.cleaned_data["contact_agreed"],
                    consents=form.consents(),
                )
                messages.success(request, _("Глава согласована. Спасибо!"))
                return redirect("collection:chapter-review", pk=pk)
        except services.ContestError as exc:
            messages.error(request, exc.message)
            return redirect("collection:chapter-review", pk=pk)
    preview = book.chapter_dict(item, photos)
    preview["photos"] = [
        {"asset_id": p.asset_id, "caption": p.caption} for p in photos if p.consent == Consent.YES
    ]
    return render(
        request,
        "contest/collection_chapter_review.html",
        {
            "chapter": item,
            "preview": preview,
            "photos": photos,
            "photo_fields": [(p, form[f"photo_{p.pk}"]) for p in photos],
            "form": form,
            "changes_form": changes_form,
            "may_approve": may_approve,
        },
        status=400 if (form.errors or changes_form.errors) and request.method == "POST" else 200,
    )


class EditionPracticeChoices(AutocompleteView):
    """The practices the editor may still make chapters of in one edition, searched (the
    edition page's ``collection_candidates``); only the collection's editor may ask."""

    lookup = CANDIDATE_LOOKUP
    edition: Edition | None = None

    def get(self, request: HttpRequest, pk: int) -> JsonResponse:  # type: ignore[override]
        if request.user.is_authenticated:
            try:
                self.edition = policy.get_edition_for_editor(request.user, pk)
            except Http404:
                return JsonResponse({"error": _("Не найдено.")}, status=404)
        return super().get(request)

    @classmethod
    def has_permission(cls, user: Any) -> bool:
        return policy.can_edit_collection(user)

    def queryset_for(self, user: Any) -> QuerySet[Questionnaire]:  # type: ignore[override]
        assert self.edition is not None
        return selectors.collection_candidates(self.edition)
