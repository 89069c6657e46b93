"""Which records keep a change history (django-auditlog), and how people's records are logged.

Every kernel record except the shipped regions is registered, and so are the accounts' users and
memberships (their app has no audit module of its own, and a role granted or taken away is the
change an auditor asks about first). ``AuditlogMiddleware`` in the settings records who made each
change from the admin or a portal view.
"""

from __future__ import annotations

from auditlog.registry import auditlog

# Fields never written to the log: a password hash is a secret, and the last login time is
# activity tracking of a person, not a change anyone made to the record.
USER_EXCLUDED_FIELDS = ["password", "last_login"]


def tracked_fields(model: type, exclude: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The model's own columns except its key and ``exclude``.

    auditlog would otherwise walk ``_meta.get_fields()``, reverse relations included, and a
    new organisation's first entry would list «pilot_sites: None → kernel.PilotSite.None».
    """
    return [
        f.name for f in model._meta.concrete_fields if not f.primary_key and f.name not in exclude
    ]


def register_models() -> None:
    """Register the audited models once; called from the kernel's ``AppConfig.ready``."""
    from resursnaya_sreda.accounts.models import Membership, User
    from resursnaya_sreda.kernel.models import (
        Municipality,
        Organisation,
        PilotSite,
        Programme,
        RoadmapStep,
        RoadmapTask,
        Target,
    )

    for model in (
        Municipality,
        Organisation,
        Programme,
        PilotSite,
        RoadmapStep,
        RoadmapTask,
        Target,
    ):
        if not auditlog.contains(model):
            auditlog.register(model, include_fields=tracked_fields(model))
    if not auditlog.contains(User):
        auditlog.register(
            User,
            include_fields=tracked_fields(User, USER_EXCLUDED_FIELDS),
            exclude_fields=USER_EXCLUDED_FIELDS,
        )
    if not auditlog.contains(Membership):
        auditlog.register(Membership, include_fields=tracked_fields(Membership))
