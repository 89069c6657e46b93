"""Who may search the kernel's records in a choice field (the lists themselves are scoped by
kernel/selectors.py)."""

from __future__ import annotations

from typing import Any

from resursnaya_sreda.accounts import permissions as roles


def can_search_staff_municipalities(user: Any) -> bool:
    """Federal and regional staff: the municipalities of the regions they work in."""
    return roles.is_staff_member(user)


def can_search_organisations(user: Any) -> bool:
    """Staff (organisations of their regions) and applicants (their own organisations)."""
    return roles.is_staff_member(user) or roles.is_applicant(user)


def can_search_pilot_sites(user: Any) -> bool:
    """Federal staff (every site) and regional staff (their own sites)."""
    return roles.is_staff_member(user)
