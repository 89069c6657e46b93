from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.plan, name="plan"),
    path("cells/<slug:key>/", views.cell, name="cell"),
    path("schedule/", views.schedule, name="schedule"),
    path("charts/", views.chart_page, name="charts"),
    path("snapshots/", views.snapshot_list, name="snapshots"),
    path("snapshots/freeze/", views.snapshot_freeze, name="freeze"),
    path("snapshots/<int:pk>/", views.snapshot_detail, name="snapshot"),
    path("snapshots/<int:pk>/compare/", views.snapshot_compare, name="compare"),
    path("snapshots/<int:pk>/<slug:fmt>/", views.snapshot_file, name="snapshot-file"),
    path("schedule/tasks/<int:pk>/done/", views.task_mark, name="task-mark"),
]
