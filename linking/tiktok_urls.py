"""The simulated TikTok app, mounted at /tiktok/."""

from __future__ import annotations

from django.urls import path

from . import tiktok_views as views

app_name = "tiktok"
urlpatterns = [
    path("", views.app_home, name="home"),
    path("@<str:handle>/", views.profile, name="profile"),
    path("avatars/<str:handle>.png", views.avatar, name="avatar"),
]
