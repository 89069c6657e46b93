"""Who may see and do what in the practices app, one module per concept:

    questionnaires.py  applicants, regional staff and federal coordinators on questionnaires
    commission.py      the expert commission: secretary, experts, federal coordinators
    pilot_sites.py     step 3: a pilot site's staff and its two practices

Pure ``can_<verb>_<noun>(user, obj)`` functions, the scoping filters, and ``get_<obj>_for_user``
helpers that raise 404 for what the user may not see. Every view, selector and service asks here.
"""

from practices.permissions.commission import (
    can_admit,
    can_assign,
    can_decide,
    can_manage_commission,
    can_score,
    can_see_all_reviews,
    get_assignment_for_expert,
)
from practices.permissions.pilot_sites import (
    can_propose_pilot_practice,
    get_pilot_practice_for_user,
    get_pilot_site_for_user,
    get_support_file_for_user,
    managed_pilot_sites,
)
from practices.permissions.questionnaires import (
    applicant_scope_q,
    can_comment_questionnaire,
    can_create_questionnaire,
    can_download_pdf,
    can_edit_questionnaire,
    can_publish_questionnaire,
    can_review_questionnaire,
    can_see_register,
    can_submit_questionnaire,
    can_view_attachment,
    can_view_questionnaire,
    can_withdraw_questionnaire,
    commission_decides,
    get_answer_for_user,
    get_attachment_for_user,
    get_editable_questionnaire_for_user,
    get_questionnaire_for_user,
    get_reviewable_questionnaire_for_user,
    is_assigned_expert,
    is_staff_for,
    staff_scope_q,
    visible_questionnaires,
)

__all__ = [
    "applicant_scope_q",
    "can_admit",
    "can_assign",
    "can_comment_questionnaire",
    "can_create_questionnaire",
    "can_decide",
    "can_download_pdf",
    "can_edit_questionnaire",
    "can_manage_commission",
    "can_propose_pilot_practice",
    "can_publish_questionnaire",
    "can_review_questionnaire",
    "can_score",
    "can_see_all_reviews",
    "can_see_register",
    "can_submit_questionnaire",
    "can_view_attachment",
    "can_view_questionnaire",
    "can_withdraw_questionnaire",
    "commission_decides",
    "get_answer_for_user",
    "get_assignment_for_expert",
    "get_attachment_for_user",
    "get_editable_questionnaire_for_user",
    "get_pilot_practice_for_user",
    "get_pilot_site_for_user",
    "get_questionnaire_for_user",
    "get_reviewable_questionnaire_for_user",
    "get_support_file_for_user",
    "is_assigned_expert",
    "is_staff_for",
    "managed_pilot_sites",
    "staff_scope_q",
    "visible_questionnaires",
]
