"""The practices app's pages, one module per concept (``urls.py`` names each view):

    catalogue.py       the public catalogue of published practices
    questionnaires.py  step 1: applying, the applicant's sections and list
    review.py          the questionnaire's page, the staff's lists and their review
    pilot_sites.py     step 3: each pilot site's two practices and their support log
    thread.py          one page following a practice through every step

The expert commission works in the admin (``practices.admin``), not on these pages.
"""
