"""Records the browser tests of whole pages look for in the demo data."""

from __future__ import annotations


def own_draft(email: str):
    """A questionnaire of the applicant's own organisation that is still being written."""
    from practices.models import Questionnaire
    from resursnaya_sreda.accounts.models import User

    organisation = User.objects.get(email=email).memberships.exclude(organisation=None)[0]
    return Questionnaire.objects.filter(
        organisation=organisation.organisation, state__in=["draft", "returned"]
    ).order_by("pk")[0]
