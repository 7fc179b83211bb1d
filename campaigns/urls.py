"""Partner Campaigns in Partner Center, mounted at /campaigns/."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("<uuid:code>/", views.campaign_detail, name="detail"),
    path("<uuid:code>/edit/", views.campaign_edit, name="edit"),
]
