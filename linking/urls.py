from __future__ import annotations

from django.urls import path

from accounts.views import placeholder

app_name = "linking"
urlpatterns = [
    path("account/profile/", placeholder("Profile"), name="profile"),
    path("account/link/", placeholder("Link TikTok Account"), name="start"),
]
