"""The portal's own error pages, in Russian, whatever ``DEBUG`` says.

403 (``templates/403.html``), 400 and CSRF failures (``403_csrf.html``) are Django's own
handlers with the portal's templates; this middleware covers what ``DEBUG`` would answer with
Django's English technical pages.

With ``DEBUG`` on (``make run``), Django answers a missing page with its English technical
page; a first user of a demo should see the portal's page instead. Errors are still logged
with their traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string

logger = logging.getLogger("django.request")


class PortalErrorPagesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and "text/html" in response.get("Content-Type", "")
            and not getattr(response, "portal_page", False)
        ):
            return self._page(request, "404.html", 404)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        # A refusal is not an error of the portal: Django answers it with 403.html in every mode.
        if not settings.DEBUG or isinstance(exception, Http404 | PermissionDenied):
            return None
        if isinstance(exception, BadRequest | SuspiciousOperation | MultiPartParserError):
            logger.warning("Bad Request: %s", request.path, exc_info=exception)
            return self._page(request, "400.html", 400)
        logger.error("Internal Server Error: %s", request.path, exc_info=exception)
        return HttpResponse(render_to_string("500.html"), status=500)

    @staticmethod
    def _page(request: HttpRequest, template: str, status: int) -> HttpResponse:
        response = HttpResponse(render_to_string(template, request=request), status=status)
        response.portal_page = True
        return response
