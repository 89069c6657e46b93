"""The kernel's choice endpoints, at /autocomplete/ (see endpoints.py)."""

from django.urls import path

from resursnaya_sreda.kernel.autocomplete import endpoints

app_name = "autocomplete"

urlpatterns = [
    path("regions/", endpoints.RegionChoices.as_view(), name="regions"),
    path("municipalities/", endpoints.MunicipalityChoices.as_view(), name="municipalities"),
    path(
        "municipalities/staff/",
        endpoints.StaffMunicipalityChoices.as_view(),
        name="staff-municipalities",
    ),
    path("organisations/", endpoints.OrganisationChoices.as_view(), name="organisations"),
    path("pilot-sites/", endpoints.PilotSiteChoices.as_view(), name="pilot-sites"),
]
