from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from resursnaya_sreda.kernel import files, health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("favicon.ico", RedirectView.as_view(url=f"{settings.STATIC_URL}favicon.svg")),
    path("admin/", admin.site.urls),
    path("accounts/", include("resursnaya_sreda.accounts.urls")),
    path("accounts/passkeys/", include("django_otp_webauthn.urls")),
    path("files/", include("resursnaya_sreda.kernel.urls")),
    path("autocomplete/", include("resursnaya_sreda.kernel.autocomplete.urls")),
    path("reports/", include("reports.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("practices/", include("practices.urls")),
    path("events/", include("events.urls")),
    path("videos/", include("videos.urls")),
    path("contest/", include("contest.urls")),
    path("letters/", include("letters.urls")),
    path("collection/", include("contest.urls.collection")),
    path("", include("resursnaya_sreda.public.urls")),
    # Public media are only images the upload toolkit re-encoded (news covers, catalogue
    # photos). A front web server should serve PUBLIC_MEDIA_ROOT at /media/ itself; this keeps a
    # single-process deployment whole. Private files never live under this root.
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", files.public_media, name="public-media"),
]
