from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("request/<slug:kind>/", views.job_request, name="job-request"),
    path("choices/<slug:kind>/<slug:field>/", views.parameter_choices, name="choices"),
    path("jobs/<uuid:job_id>/status/", views.job_status, name="job-status"),
    path("jobs/<uuid:job_id>/download/", views.job_download, name="job-download"),
    path("jobs/<uuid:job_id>/retry/", views.job_retry, name="job-retry"),
]
