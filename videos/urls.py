from django.urls import path

from videos.views import choices, public, schedule, specification, stories, uploads

app_name = "videos"

urlpatterns = [
    path("", public.story_list, name="public-list"),
    path("story/<int:pk>/", public.story_detail, name="public-story"),
    path("schedule/", public.schedule, name="public-schedule"),
    path("schedule.ics", public.schedule_ics, name="public-schedule-ics"),
    path("manage/", stories.staff_list, name="staff-list"),
    path("manage/new/", stories.story_create, name="create"),
    path(
        "manage/sites/<int:site>/practices/",
        choices.StoryPracticeChoices.as_view(),
        name="practice-choices",
    ),
    path("manage/<int:pk>/", stories.story_detail, name="story"),
    path("manage/<int:pk>/edit/", stories.story_edit, name="edit"),
    path("manage/<int:pk>/do/<slug:action>/", stories.story_transition, name="transition"),
    path("manage/<int:pk>/partners/", stories.partner_add, name="partner-add"),
    path(
        "manage/<int:pk>/partners/<int:partner_pk>/delete/",
        stories.partner_delete,
        name="partner-delete",
    ),
    path("manage/<int:pk>/people/", stories.person_add, name="person-add"),
    path(
        "manage/<int:pk>/people/<int:person_pk>/release/",
        stories.person_release,
        name="person-release",
    ),
    path(
        "manage/<int:pk>/people/<int:person_pk>/delete/",
        stories.person_delete,
        name="person-delete",
    ),
    path("manage/<int:pk>/proposal/", stories.proposal_edit, name="proposal"),
    path("manage/<int:pk>/pin/", stories.story_pin, name="pin"),
    path("manage/<int:pk>/publish/", stories.story_publish, name="publish"),
    path("manage/<int:pk>/uploads/", uploads.upload_create, name="upload-create"),
    path("manage/<int:pk>/check/", uploads.cut_status, name="cut-status"),
    path("uploads/<uuid:upload_id>/", uploads.upload_resource, name="upload"),
    path("specification/", specification.specification, name="specification"),
    path("specification/edit/", specification.specification_edit, name="specification-edit"),
    path("specification/issue/", specification.specification_issue, name="specification-issue"),
    path(
        "specification/acknowledge/<int:site_pk>/",
        specification.specification_acknowledge,
        name="specification-acknowledge",
    ),
    path("schedule/manage/", schedule.schedule, name="schedule"),
    path("schedule/manage/rules/", schedule.rules_edit, name="rules"),
    path("schedule/manage/solve/", schedule.schedule_solve, name="solve"),
    path("schedule/manage/<int:number>/status/", schedule.version_status, name="version-status"),
    path(
        "schedule/manage/<int:number>/publish/", schedule.schedule_publish, name="publish-schedule"
    ),
]
