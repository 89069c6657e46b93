from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from resursnaya_sreda.accounts import permissions


def portal(request: HttpRequest) -> dict[str, Any]:
    """Role flags for the header navigation; lazy so pages that do not ask pay nothing."""
    user = getattr(request, "user", None)

    class Roles:
        @property
        def federal(self) -> bool:
            return permissions.is_federal(user)

        @property
        def regional(self) -> bool:
            return permissions.is_regional(user)

        @property
        def expert(self) -> bool:
            return permissions.is_expert(user)

        @property
        def applicant(self) -> bool:
            return permissions.is_applicant(user)

        @property
        def staff(self) -> bool:
            return permissions.is_staff_member(user)

    return {"roles": Roles()}
