from __future__ import annotations

from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("", views.index, name="index"),
    path("insights.csv", views.download_csv, name="csv"),
]
