"""Who may do what in the expert commission. Experts see only their own active assignments:
anything else is a 404, so an id confirms nothing."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from practices.models import (
    Assignment,
    AssignmentState,
    Commission,
    CommissionMember,
    MemberRole,
)
from resursnaya_sreda.accounts import permissions as roles


def _member_role(user: Any, commission: Commission) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        CommissionMember.objects.filter(commission=commission, user=user)
        .values_list("role", flat=True)
        .first()
    )


def can_manage_commission(user: Any) -> bool:
    """Criteria, members, settings: federal coordinators."""
    return roles.is_federal(user)


def can_admit(user: Any, commission: Commission) -> bool:
    """The secretary, or a federal coordinator."""
    return roles.is_federal(user) or _member_role(user, commission) == MemberRole.SECRETARY


def can_assign(user: Any, commission: Commission) -> bool:
    return roles.is_federal(user)


def can_decide(user: Any, commission: Commission) -> bool:
    """Federal coordinators record the commission's decisions (they also publish)."""
    return roles.is_federal(user)


def can_see_all_reviews(user: Any) -> bool:
    return roles.is_federal(user)


def can_score(user: Any, assignment: Assignment) -> bool:
    return (
        roles.is_expert(user)
        and assignment.expert_id == getattr(user, "pk", None)
        and assignment.state == AssignmentState.ACTIVE
    )


def get_assignment_for_expert(user: Any, pk: Any) -> Assignment:
    """The expert's own active assignment, else 404 (another expert's is not confirmed)."""
    try:
        assignment = Assignment.objects.select_related(
            "questionnaire__organisation__region", "questionnaire__programme"
        ).get(pk=pk, expert_id=getattr(user, "pk", None), state=AssignmentState.ACTIVE)
    except (Assignment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if not can_score(user, assignment):
        raise Http404
    return assignment
