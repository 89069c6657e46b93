from django.urls import path

from resursnaya_sreda.public import views

app_name = "public"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("programme/edit/", views.programme_edit, name="programme-edit"),
    path("news/", views.news_list, name="news-list"),
    path("news/manage/", views.news_manage, name="news-manage"),
    path("news/new/", views.news_create, name="news-create"),
    path("news/<int:pk>/edit/", views.news_edit, name="news-edit"),
    path("news/<int:pk>/publish/", views.news_publish, name="news-publish"),
    path("news/<int:pk>/unpublish/", views.news_unpublish, name="news-unpublish"),
    path("news/<slug:slug>/", views.news_detail, name="news-detail"),
]
