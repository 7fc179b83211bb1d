from __future__ import annotations

from django.urls import path

from accounts.views import placeholder

app_name = "creators"
urlpatterns = [
    path("find/", placeholder("Find Creators"), name="find"),
    path("partnerships/", placeholder("Manage Partnerships"), name="partnerships"),
]
