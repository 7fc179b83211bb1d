from __future__ import annotations

from django.urls import path

from . import phone_views, views

app_name = "linking"
urlpatterns = [
    path("account/profile/", views.profile, name="profile"),
    path("account/profile/agency/", views.agency_profile_edit, name="agency_profile_edit"),
    path("account/profile/unlink-request/", views.request_unlink, name="unlink_request"),
    path("account/link/", views.start, name="start"),
    path("account/link/<uuid:code>/", views.session, name="session"),
    path("account/link/<uuid:code>/status/", views.status, name="status"),
    path("account/link/<uuid:code>/qr/", views.qr, name="qr"),
    path("account/link/<uuid:code>/reject/", views.reject, name="reject"),
    path("account/link/<uuid:code>/refresh/", views.refresh, name="refresh"),
    # The simulated TikTok app's screens for a link code, under the app's own prefix. The QR
    # code's token reaches them only in POST bodies, never in a URL.
    path("tiktok/scan/", phone_views.scan, name="scan"),
    path("tiktok/scan/continue/", phone_views.scan_continue, name="scan_continue"),
    path("tiktok/link/<uuid:code>/", phone_views.confirmation, name="confirmation"),
    path("tiktok/link/<uuid:code>/confirm/", phone_views.confirm, name="confirm"),
    path("tiktok/link/<uuid:code>/cancel/", phone_views.cancel, name="cancel"),
    path(
        "tiktok/scan/switch-account/",
        phone_views.scan_switch_account,
        name="scan_switch_account",
    ),
    path(
        "tiktok/link/<uuid:code>/switch-account/",
        phone_views.switch_account,
        name="switch_account",
    ),
]
