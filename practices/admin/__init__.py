"""The practices app in the admin, one module per concept:

    questionnaires.py  directions, extra questions, questionnaires (read, admit, publish)
    commission.py      the expert commission, criteria, the ranking, admissions, assignments,
                       reviews, decisions (federal coordinators)
    expert_tasks.py    «Мои заявки на оценку»: the experts' own scoring page
    pilot_sites.py     step 3: confirming the pilot sites' practices, their support log

Importing this package (Django's autodiscovery does) registers every page.
"""

from practices.admin.commission import (
    AdmissionAdmin,
    AssignmentAdmin,
    CommissionAdmin,
    DecisionAdmin,
    ReviewAdmin,
)
from practices.admin.expert_tasks import ExpertTaskAdmin
from practices.admin.pilot_sites import PilotPracticeAdmin
from practices.admin.questionnaires import DirectionAdmin, ExtraQuestionAdmin, QuestionnaireAdmin

__all__ = [
    "AdmissionAdmin",
    "AssignmentAdmin",
    "CommissionAdmin",
    "DecisionAdmin",
    "DirectionAdmin",
    "ExpertTaskAdmin",
    "ExtraQuestionAdmin",
    "PilotPracticeAdmin",
    "QuestionnaireAdmin",
    "ReviewAdmin",
]
