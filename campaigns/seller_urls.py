"""The seller's own area, mounted at /seller/."""

from __future__ import annotations

from django.urls import path

from accounts.roles import seller_required
from accounts.views import placeholder

app_name = "seller"
urlpatterns = [
    path("", placeholder("Campaigns", seller_required, "seller_base.html"), name="campaigns"),
]
