from __future__ import annotations

from django.urls import path

from accounts.views import placeholder

app_name = "campaigns"
urlpatterns = [
    path("", placeholder("Partner Campaigns"), name="list"),
]
