from __future__ import annotations

from django.urls import path

from accounts.views import placeholder

app_name = "insights"
urlpatterns = [
    path("", placeholder("Insights"), name="index"),
]
