from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("resursnaya_sreda.accounts.urls")),
    path("files/", include("resursnaya_sreda.kernel.urls")),
    path("", include("resursnaya_sreda.public.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.PUBLIC_MEDIA_ROOT)
