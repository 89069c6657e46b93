"""A stand-in portal view for the audit tests: a POST that changes a record through a service,
as the apps' views do, so the test proves the middleware (not the admin) names the actor."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

from resursnaya_sreda.kernel.models import Organisation


@require_POST
def rename_organisation(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = Organisation.objects.get(pk=pk)
    organisation.short_name = request.POST["short_name"]
    organisation.full_clean()
    organisation.save()
    return HttpResponse("ok")


urlpatterns = [path("rename/<int:pk>/", rename_organisation, name="rename")]
