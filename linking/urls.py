from __future__ import annotations

from django.urls import path

from . import views

app_name = "linking"
urlpatterns = [
    path("account/profile/", views.profile, name="profile"),
    path("account/link/", views.start, name="start"),
    path("account/link/<uuid:code>/", views.session, name="session"),
    path("account/link/<uuid:code>/status/", views.status, name="status"),
    path("account/link/<uuid:code>/refresh/", views.refresh, name="refresh"),
]
