"""One page per practice following it through every step: questionnaire, admission, reviews,
decision, selection and support, then whatever later steps registered (seminars, video story,
contest entry and result, chapter in the collection)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from practices import permissions as policy
from practices import selectors, thread


@login_required
@require_GET
def practice_thread(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = policy.get_questionnaire_for_user(request.user, pk)
    staff = policy.is_staff_for(request.user, questionnaire)
    return render(
        request,
        "practices/questionnaire_thread.html",
        {
            "questionnaire": questionnaire,
            "staff": staff,
            "sections": thread.sections_for(questionnaire, request.user, public=False),
            **selectors.practice_thread(questionnaire, staff=staff),
        },
    )
