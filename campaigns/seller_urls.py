"""The seller's own area, mounted at /seller/."""

from __future__ import annotations

from django.urls import path

from . import seller_views as views

app_name = "seller"
urlpatterns = [
    path("", views.browse, name="campaigns"),
    path("registrations/", views.registrations, name="registrations"),
    path("campaigns/<uuid:code>/", views.campaign_details, name="campaign"),
    path("campaigns/<uuid:code>/register/", views.register, name="register"),
]
