"""The admin of the programme kernel, and the base classes every app's admin builds on.

Access follows the portal's roles, not Django's per-model permissions: a federal coordinator
(or a superuser) manages everything, nobody else sees these pages (``base.PortalModelAdmin``).
A read-only page adds ``mixins.ReadOnlyAdminMixin``.

    base.py        PortalModelAdmin, PortalTabularInline, PortalStackedInline, the history
                   page, refusal_message for a service's refusal in an admin action
    mixins.py      ReadOnlyAdminMixin
    places.py      regions, municipalities, organisations
    programmes.py  programmes, roadmap steps and tasks, targets, pilot sites
    changelog.py   the whole change log (django-auditlog)
    personal_data.py  the record of reads of personal data and of 152-ФЗ requests, consent texts

Importing this package registers the kernel's admin pages (Django's autodiscovery does).
"""

from resursnaya_sreda.kernel.admin.base import (
    PortalModelAdmin,
    PortalStackedInline,
    PortalTabularInline,
    refusal_message,
)
from resursnaya_sreda.kernel.admin.changelog import LogEntryAdmin
from resursnaya_sreda.kernel.admin.mixins import ReadOnlyAdminMixin
from resursnaya_sreda.kernel.admin.personal_data import (
    ConsentTextAdmin,
    PersonalDataAccessAdmin,
    PersonalDataRequestAdmin,
)
from resursnaya_sreda.kernel.admin.places import MunicipalityAdmin, OrganisationAdmin, RegionAdmin
from resursnaya_sreda.kernel.admin.programmes import (
    PilotSiteAdmin,
    ProgrammeAdmin,
    RoadmapStepAdmin,
    RoadmapTaskAdmin,
    TargetAdmin,
)

__all__ = [
    "ConsentTextAdmin",
    "LogEntryAdmin",
    "MunicipalityAdmin",
    "OrganisationAdmin",
    "PersonalDataAccessAdmin",
    "PersonalDataRequestAdmin",
    "PilotSiteAdmin",
    "PortalModelAdmin",
    "PortalStackedInline",
    "PortalTabularInline",
    "ProgrammeAdmin",
    "ReadOnlyAdminMixin",
    "RegionAdmin",
    "RoadmapStepAdmin",
    "RoadmapTaskAdmin",
    "TargetAdmin",
    "refusal_message",
]
