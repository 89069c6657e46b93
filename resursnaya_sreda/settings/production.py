"""Production: every value from the environment; a missing or weak one stops start-up."""

from resursnaya_sreda.env import ConfigurationError, env_bool, env_int, env_list, env_str
from resursnaya_sreda.settings.base import *  # noqa: F403

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY", required=True)
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ConfigurationError("SECRET_KEY must be at least 50 random characters")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ConfigurationError("ALLOWED_HOSTS must list the portal's host names, comma-separated")

# HTTPS. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=1 (it must send
# X-Forwarded-Proto and strip the header from clients).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
