"""The Celery app a test worker subprocess runs: the portal's own, plus the slow document.

python -m celery -A tests.reports.slow_worker worker ...
"""

import django

from resursnaya_sreda.celery import app

django.setup()

import tests.reports.slow_document  # noqa: E402,F401  (registers the kind)

__all__ = ["app"]
