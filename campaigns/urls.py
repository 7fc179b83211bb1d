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
    path("<uuid:code>/publish/", views.campaign_publish, name="publish"),
    path("<uuid:code>/unpublish/", views.campaign_unpublish, name="unpublish"),
    path("<uuid:code>/delete/", views.campaign_delete, name="delete"),
    path("<uuid:code>/products/approve/", views.products_approve, name="products_approve"),
    path(
        "<uuid:code>/products/<uuid:product>/approve/",
        views.product_approve,
        name="product_approve",
    ),
    path(
        "<uuid:code>/products/<uuid:product>/reject/",
        views.product_reject,
        name="product_reject",
    ),
]
