"""The practices app's documents for the report engine, one module per concept:

    questionnaires.py  one questionnaire as PDF, the register of questionnaires as Excel
    commission.py      the commission's protocol (PDF) and the experts' scores (Excel)

Importing this package registers them; ``PracticesConfig.ready()`` does.
"""

from practices.documents.commission import CommissionProtocol, CommissionScores
from practices.documents.questionnaires import QuestionnairePdf, QuestionnaireRegister

__all__ = ["CommissionProtocol", "CommissionScores", "QuestionnairePdf", "QuestionnaireRegister"]
