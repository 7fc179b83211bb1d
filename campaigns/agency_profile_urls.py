from __future__ import annotations

from django.urls import path

from . import agency_profile_views

app_name = "agency_profile"
urlpatterns = [
    path("<uuid:code>/", agency_profile_views.public, name="public"),
]
