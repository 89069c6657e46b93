from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """The admin with the portal's own site class (role-based access)."""

    default_site = "resursnaya_sreda.admin_site.PortalAdminSite"
