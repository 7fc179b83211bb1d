"""Creator Management in Partner Center, mounted at /creators/."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "creators"
urlpatterns = [
    path("find/", views.find, name="find"),
    path("find/selection/", views.selection_update, name="selection"),
    path("invite/", views.invite, name="invite"),
    path("invite/jobs/<uuid:code>/", views.invite_job, name="invite_job"),
    path("c/<uuid:code>/", views.creator_detail, name="creator"),
    path("invitations/", views.invitations, name="invitations"),
    path("invitations/<uuid:code>/", views.invitation_detail, name="invitation"),
    path("invitations/<uuid:code>/resend/", views.invitation_resend, name="invitation_resend"),
    path("partnerships/", views.partnerships, name="partnerships"),
    path("partnerships/add/", views.partnership_add, name="partnership_add"),
    path(
        "partnerships/requests/<uuid:code>/cancel/",
        views.binding_request_cancel,
        name="request_cancel",
    ),
    path("partnerships/<uuid:code>/remove/", views.link_remove, name="link_remove"),
    path("partnerships/<uuid:code>/extend/", views.link_extend, name="link_extend"),
    path(
        "partnerships/<uuid:code>/unlink/approve/",
        views.link_unlink_approve,
        name="link_unlink_approve",
    ),
    path(
        "partnerships/<uuid:code>/unlink/decline/",
        views.link_unlink_decline,
        name="link_unlink_decline",
    ),
]
