"""The kernel's own choice endpoints: regions, municipalities, organisations, pilot sites."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from resursnaya_sreda.kernel import permissions, selectors
from resursnaya_sreda.kernel.autocomplete.lookups import Lookup
from resursnaya_sreda.kernel.autocomplete.views import AutocompleteView
from resursnaya_sreda.kernel.models import Municipality, Organisation, PilotSite


def municipality_label(municipality: Municipality) -> str:
    return f"{municipality.name} ({municipality.region.name})"


def organisation_label(organisation: Organisation) -> str:
    inn = f", ИНН {organisation.inn}" if organisation.inn else ""
    return f"{organisation} ({organisation.region.name}{inn})"


def pilot_site_label(site: PilotSite) -> str:
    return f"{site.region.name} — {site.programme.title}"


class RegionChoices(AutocompleteView):
    url_name = "autocomplete:regions"
    public = True
    lookup = Lookup(search_fields=("name", "code"), limit=20)

    @classmethod
    def queryset_for(cls, user: Any) -> QuerySet:
        return selectors.region_choices()


class MunicipalityChoices(AutocompleteView):
    """Every municipality (OKTMO reference data), filtered by ``region``."""

    url_name = "autocomplete:municipalities"
    public = True
    lookup = Lookup(
        search_fields=("name", "oktmo"),
        filters={"region": "region_id", "pilot_site": "region__pilot_sites"},
        label=municipality_label,
    )

    @classmethod
    def queryset_for(cls, user: Any) -> QuerySet:
        return selectors.municipality_choices()


class StaffMunicipalityChoices(MunicipalityChoices):
    """Municipalities of the regions a staff member works in (another region's never)."""

    url_name = "autocomplete:staff-municipalities"
    public = False

    @classmethod
    def has_permission(cls, user: Any) -> bool:
        return permissions.can_search_staff_municipalities(user)

    @classmethod
    def queryset_for(cls, user: Any) -> QuerySet:
        return selectors.municipalities_for_staff(user=user)


class OrganisationChoices(AutocompleteView):
    url_name = "autocomplete:organisations"
    lookup = Lookup(
        search_fields=("name", "short_name", "inn"),
        filters={"region": "region_id", "municipality": "municipality_id", "kind": "kind"},
        label=organisation_label,
    )

    @classmethod
    def has_permission(cls, user: Any) -> bool:
        return permissions.can_search_organisations(user)

    @classmethod
    def queryset_for(cls, user: Any) -> QuerySet:
        return selectors.organisations_for_user(user=user)


class PilotSiteChoices(AutocompleteView):
    url_name = "autocomplete:pilot-sites"
    lookup = Lookup(
        search_fields=("region__name", "programme__title", "centre__name"),
        filters={"programme": "programme_id"},
        label=pilot_site_label,
    )

    @classmethod
    def has_permission(cls, user: Any) -> bool:
        return permissions.can_search_pilot_sites(user)

    @classmethod
    def queryset_for(cls, user: Any) -> QuerySet:
        return selectors.pilot_site_choices(user=user)
