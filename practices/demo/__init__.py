"""Demo data of the practices app for ``manage.py demo_data``, one module per concept:

    questionnaires.py  questionnaires in every state across the pilot regions, then
    commission.py      the expert commission working on them
    pilot_sites.py     step 3: each site's practices for the contest and their support log

``populate(programme)`` (registered from ``PracticesConfig.ready()``) does both, through the
real services, idempotently.
"""

from practices.demo.questionnaires import populate

__all__ = ["populate"]
