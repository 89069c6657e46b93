"""Reads of the practices app, already scoped to the user and prefetched for their page:

questionnaires.py  the staff and applicant lists, the public catalogue, search
commission.py      the commission's ranking (stored rows; recomputed for checks), experts' lists
pilot_sites.py     step 3: pilot sites with their practices and support log
"""

from practices.selectors.commission import (
    RANKING_ORDERS,
    expert_progress,
    expert_tasks,
    ranking,
    ranking_count,
    score_distribution,
)
from practices.selectors.pilot_sites import (
    hostable_practices,
    hostable_practices_for_sites,
    pilot_site_practice_counts,
    pilot_site_practices,
    pilot_sites_with_counts,
    proposable_questionnaires,
    report_practices,
)
from practices.selectors.questionnaires import (
    LONG_ANSWERS,
    applicant_questionnaires,
    apply_search,
    catalogue_count,
    filter_options,
    published_practice,
    published_practices,
    questionnaire_detail_context,
    staff_questionnaires,
)
from practices.selectors.thread import practice_thread

__all__ = [
    "LONG_ANSWERS",
    "RANKING_ORDERS",
    "applicant_questionnaires",
    "apply_search",
    "catalogue_count",
    "expert_progress",
    "expert_tasks",
    "filter_options",
    "hostable_practices",
    "hostable_practices_for_sites",
    "pilot_site_practice_counts",
    "pilot_site_practices",
    "pilot_sites_with_counts",
    "practice_thread",
    "proposable_questionnaires",
    "published_practice",
    "published_practices",
    "questionnaire_detail_context",
    "ranking",
    "report_practices",
    "score_distribution",
    "ranking_count",
    "staff_questionnaires",
]
