"""The creator's own area, mounted at /creator/."""

from __future__ import annotations

from django.urls import path

from accounts.roles import creator_required
from accounts.views import placeholder

app_name = "creator"
urlpatterns = [
    path("", placeholder("Inbox", creator_required, "creator_base.html"), name="inbox"),
]
