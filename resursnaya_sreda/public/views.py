"""The public site: landing page, news, and the staff pages that write them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from resursnaya_sreda.kernel import selectors as kernel_selectors
from resursnaya_sreda.kernel.uploads import CheckedUpload
from resursnaya_sreda.public import permissions, selectors, services
from resursnaya_sreda.public.forms import NewsItemForm, ProgrammeLandingForm
from resursnaya_sreda.public.models import NewsKind

NEWS_PER_PAGE = 9
STAFF_NEWS_PER_PAGE = 20


def _admin_url(name: str, *args: object) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@require_safe
def landing(request: HttpRequest) -> HttpResponse:
    programme = kernel_selectors.programme_current()
    if programme is None:
        return render(
            request,
            "public/programme_preparing.html",
            {"latest_news": [], "can_edit": permissions.can_edit_landing(request.user)},
        )
    can_edit = permissions.can_edit_landing(request.user, programme)
    return render(
        request,
        "public/programme_landing.html",
        {
            "landing": selectors.landing(programme=programme),
            "programme": programme,
            "latest_news": selectors.news_latest(),
            "can_edit": can_edit,
            "can_write_news": permissions.can_create_news(request.user),
            "admin_programme_url": (
                _admin_url("admin:kernel_programme_change", programme.pk) if can_edit else ""
            ),
        },
    )


@login_required
def programme_edit(request: HttpRequest) -> HttpResponse:
    programme = kernel_selectors.programme_current()
    if not permissions.can_edit_landing(request.user, programme):
        raise PermissionDenied
    if programme is None:
        messages.info(request, _("Текущая программа ещё не выбрана: сделайте это в админке."))
        return redirect("public:landing")
    form = ProgrammeLandingForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        services.programme_landing_update(
            programme=programme, user=request.user, **form.cleaned_data
        )
        messages.success(request, _("Тексты главной страницы сохранены."))
        return redirect("public:landing")
    return render(
        request,
        "public/programme_form.html",
        {
            "form": form,
            "programme": programme,
            "admin_programme_url": _admin_url("admin:kernel_programme_change", programme.pk),
        },
    )


@require_safe
def news_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind") or ""
    if kind not in NewsKind.values:
        kind = ""
    paginator = Paginator(selectors.news_published(kind=kind or None), NEWS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "public/newsitem_list.html",
        {
            "page": page,
            "kind": kind,
            "kinds": NewsKind.choices,
            "can_write_news": permissions.can_create_news(request.user),
        },
    )


@require_safe
def news_detail(request: HttpRequest, slug: str) -> HttpResponse:
    item = permissions.get_news_for_reading(request.user, slug)
    return render(
        request,
        "public/newsitem_detail.html",
        {
            "item": item,
            "can_edit": permissions.can_edit_news(request.user, item),
            "related": selectors.news_related(item=item) if item.is_published else [],
        },
    )


@login_required
def news_manage(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_news(request.user):
        raise PermissionDenied
    paginator = Paginator(selectors.news_for_staff(user=request.user), STAFF_NEWS_PER_PAGE)
    return render(
        request,
        "public/newsitem_manage.html",
        {"page": paginator.get_page(request.GET.get("page"))},
    )


def _after_save(request: HttpRequest, item_slug: str, published: bool) -> HttpResponseRedirect:
    if published:
        messages.success(request, _("Новость опубликована."))
    else:
        messages.success(
            request, _("Черновик сохранён. Его видите только вы и ваши коллеги-редакторы.")
        )
    return redirect("public:news-detail", slug=item_slug)


@login_required
def news_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_news(request.user):
        raise PermissionDenied
    programme = kernel_selectors.programme_current()
    if programme is None:
        messages.info(request, _("Новости пишутся в текущей программе, а её ещё нет."))
        return redirect("public:landing")
    form = NewsItemForm(
        request.POST or None, request.FILES or None, user=request.user, programme=programme
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        publish = "publish" in request.POST
        item = services.news_create(
            author=request.user,
            programme=programme,
            pilot_site=data["pilot_site"],
            kind=data["kind"],
            title=data["title"],
            lead=data["lead"],
            body=data["body"],
            cover=data["cover"] or None,
            publish=publish,
        )
        return _after_save(request, item.slug, item.is_published)
    return render(request, "public/newsitem_form.html", {"form": form, "item": None})


@login_required
def news_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_news_for_editing(request.user, pk)
    form = NewsItemForm(
        request.POST or None,
        request.FILES or None,
        instance=item,
        user=request.user,
        programme=item.programme,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = services.news_update(
            item=item,
            pilot_site=data["pilot_site"],
            kind=data["kind"],
            title=data["title"],
            lead=data["lead"],
            body=data["body"],
            # A new file, False when «Очистить» was ticked, or the stored file unchanged.
            cover=data["cover"] if isinstance(data["cover"], CheckedUpload) else None,
            remove_cover=data["cover"] is False,
        )
        if "publish" in request.POST and not item.is_published:
            services.news_publish(item=item, user=request.user)
        return _after_save(request, item.slug, item.is_published)
    return render(request, "public/newsitem_form.html", {"form": form, "item": item})


@login_required
@require_POST
def news_publish(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_news_for_editing(request.user, pk)
    services.news_publish(item=item, user=request.user)
    messages.success(request, _("Новость опубликована."))
    return redirect("public:news-detail", slug=item.slug)


@login_required
@require_POST
def news_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_news_for_editing(request.user, pk)
    services.news_unpublish(item=item, user=request.user)
    messages.success(request, _("Новость снята с публикации и стала черновиком."))
    return redirect("public:news-manage")
