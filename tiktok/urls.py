"""The simulated TikTok app, mounted at /tiktok/."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "tiktok"
urlpatterns = [
    path("", views.app_home, name="home"),
    path("signup/", views.signup, name="signup"),
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("me/", views.me, name="me"),
    path("me/qr/", views.my_qr_code, name="my_qr_code"),
    path("inbox/", views.inbox, name="inbox"),
    path("settings/", views.settings_and_privacy, name="settings"),
    path("settings/account/", views.account_settings, name="account_settings"),
    path(
        "settings/account/switch-to-personal/",
        views.switch_to_personal,
        name="switch_to_personal",
    ),
    path("@<str:handle>/", views.profile, name="profile"),
    path("avatars/<str:handle>.png", views.avatar, name="avatar"),
]
