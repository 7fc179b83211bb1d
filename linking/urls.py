from __future__ import annotations

from django.urls import path

from . import phone_views, views

app_name = "linking"
urlpatterns = [
    path("account/profile/", views.profile, name="profile"),
    path("account/profile/unlink-request/", views.request_unlink, name="unlink_request"),
    path("account/link/", views.start, name="start"),
    path("account/link/<uuid:code>/", views.session, name="session"),
    path("account/link/<uuid:code>/status/", views.status, name="status"),
    path("account/link/<uuid:code>/refresh/", views.refresh, name="refresh"),
    # The simulated TikTok app's screens for a link code, under the app's own prefix.
    path("tiktok/scan/<str:token>/", phone_views.scan, name="scan"),
    path("tiktok/scan/<str:token>/confirm/", phone_views.confirm, name="confirm"),
    path("tiktok/scan/<str:token>/cancel/", phone_views.cancel, name="cancel"),
]
