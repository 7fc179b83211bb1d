"""The creator's own area, mounted at /creator/."""

from __future__ import annotations

from django.urls import path

from . import inbox_views as views

app_name = "creator"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("invitations/<uuid:code>/", views.invitation, name="invitation"),
    path("invitations/<uuid:code>/accept/", views.invitation_accept, name="invitation_accept"),
    path("invitations/<uuid:code>/decline/", views.invitation_decline, name="invitation_decline"),
    path("requests/<uuid:code>/", views.binding_request, name="request"),
    path("requests/<uuid:code>/accept/", views.binding_request_accept, name="request_accept"),
    path("requests/<uuid:code>/decline/", views.binding_request_decline, name="request_decline"),
    path("requests/<uuid:code>/unlink/", views.link_unlink_request, name="request_unlink"),
    path(
        "requests/<uuid:code>/unlink/accept/",
        views.link_unlink_accept,
        name="request_unlink_accept",
    ),
    path(
        "requests/<uuid:code>/unlink/decline/",
        views.link_unlink_decline,
        name="request_unlink_decline",
    ),
    path("extensions/<uuid:code>/", views.extension, name="extension"),
    path("extensions/<uuid:code>/accept/", views.extension_accept, name="extension_accept"),
    path("extensions/<uuid:code>/decline/", views.extension_decline, name="extension_decline"),
]
