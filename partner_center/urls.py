from __future__ import annotations

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from partner_center.favicon import favicon
from partner_center.healthz import healthz

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("linking.urls")),
    path("tiktok/", include("tiktok.urls")),
    path("creators/", include("creators.urls")),
    path("creator/", include("creators.inbox_urls")),
    path("campaigns/", include("campaigns.urls")),
    path("seller/", include("campaigns.seller_urls")),
    path("agencies/", include("campaigns.agency_profile_urls")),
    path("insights/", include("insights.urls")),
]
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler403 = "partner_center.errors.permission_denied"
