from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.plan, name="plan"),
    path("cells/<slug:key>/", views.cell, name="cell"),
    path("schedule/", views.schedule, name="schedule"),
    path("charts/", views.chart_page, name="charts"),
    path("schedule/tasks/<int:pk>/done/", views.task_mark, name="task-mark"),
]
