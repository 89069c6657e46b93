"""Private files, served through the owning app's permission check (see uploads/serving.py)."""

from django.urls import path

from resursnaya_sreda.kernel.uploads import serving

app_name = "files"

urlpatterns = [
    path("<slug:key>/<int:pk>/", serving.download, name="download"),
    path("<slug:key>/<int:pk>/thumbnail/", serving.thumbnail, name="thumbnail"),
]
