from auditlog.apps import AuditlogConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class PortalAdminConfig(AdminConfig):
    """The admin with the portal's own site class (role-based access)."""

    default_site = "resursnaya_sreda.portal_site.PortalAdminSite"


class PortalAuditlogConfig(AuditlogConfig):
    """django-auditlog ships no Russian translation; its admin section is named here."""

    verbose_name = _("Журнал изменений")
