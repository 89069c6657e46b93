"""Production settings for the bench servers, plus the query-count header.

Everything else comes from the environment exactly as in production (DEBUG=0, SECRET_KEY,
ALLOWED_HOSTS, DATABASE_URL; plain HTTP on 127.0.0.1, so the HTTPS redirect and secure cookies
are switched off by bench_scale.py through their variables).
"""

from resursnaya_sreda.settings.production import *  # noqa: F403
from resursnaya_sreda.settings.production import MIDDLEWARE

MIDDLEWARE = ["bench.scale.querycount.QueryCountMiddleware", *MIDDLEWARE]

ROOT_URLCONF = "bench.scale.urls"
