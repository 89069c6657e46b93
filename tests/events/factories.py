"""Records events link to, made directly for the events' tests."""

from __future__ import annotations

from practices.models import Decision, Outcome, Questionnaire, QuestionnaireState
from resursnaya_sreda.kernel.models import PilotSite
from tests.factories import MunicipalityFactory, OrganisationFactory


def best_practice(site: PilotSite, *, title: str = "Школа межнационального диалога"):
    """A questionnaire of the site's region that the commission decided is a best practice."""
    municipality = MunicipalityFactory(region=site.region)
    organisation = OrganisationFactory(region=site.region, municipality=municipality)
    questionnaire = Questionnaire.objects.create(
        programme=site.programme,
        organisation=organisation,
        municipality=municipality,
        title=title,
        state=QuestionnaireState.UNDER_REVIEW,
    )
    Decision.objects.create(
        questionnaire=questionnaire, outcome=Outcome.BEST, reason="Лучшая по оценкам экспертов."
    )
    return questionnaire
