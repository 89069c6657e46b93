"""The public catalogue of best practices: the searchable list, a practice's page, its photos.

Anyone may read it; only published practices appear, without contact persons or personal data.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from practices import permissions as policy
from practices import selectors, thread
from practices.forms import CatalogueFilterForm
from resursnaya_sreda.kernel.files import private_file_response
from resursnaya_sreda.kernel.web import querystring_without_page

CATALOGUE_PAGE_SIZE = 12


@require_GET
def practice_list(request: HttpRequest) -> HttpResponse:
    """Published practices: searchable, filterable by region and direction, paginated."""
    options = selectors.filter_options(None)
    form = CatalogueFilterForm(request.GET or None, options=options)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {
            "search": form.cleaned_data["q"],
            "region_id": form.cleaned_data["region"],
            "direction_id": form.cleaned_data["direction"],
        }
    practices = selectors.published_practices(**filters)
    paginator = Paginator(practices, CATALOGUE_PAGE_SIZE)
    paginator.count = selectors.catalogue_count(practices, filters)  # kept per search
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "practices/practice_list.html",
        {
            "form": form,
            "page_obj": page,
            "practices": page.object_list,
            "querystring": querystring_without_page(request),
            "filtered": any(filters.values()) if filters else False,
        },
    )


@require_GET
def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A published practice's public page: no contact person, no e-mails, no phones."""
    item = selectors.published_practice(pk)
    return render(
        request,
        "practices/practice_detail.html",
        {"practice": item, "thread": thread.sections_for(item, request.user, public=True)},
    )


@require_GET
def photo(request: HttpRequest, pk: int) -> HttpResponse:
    """A photo in full size, shown in the browser: we re-encoded it ourselves, so inline is
    safe (other uploads are always served as downloads by the kernel)."""
    attachment = policy.get_attachment_for_user(request.user, pk)
    if not attachment.is_photo:
        raise Http404
    return private_file_response(attachment.file, attachment.display_name, inline=True)
