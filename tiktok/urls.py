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
    path("password/reset/", views.password_reset, name="password_reset"),
    path("password/reset/sent/", views.password_reset_sent, name="password_reset_sent"),
    path("password/reset/new/", views.password_reset_new, name="password_reset_new"),
    path("password/reset/<str:token>/", views.password_reset_link, name="password_reset_link"),
    path("me/", views.me, name="me"),
    path("me/qr/", views.my_qr_code, name="my_qr_code"),
    path("inbox/", views.inbox, name="inbox"),
    path("settings/", views.settings_and_privacy, name="settings"),
    path("settings/password/", views.password_change, name="password_change"),
    path("settings/account/", views.account_settings, name="account_settings"),
    path(
        "settings/account/switch-to-personal/",
        views.switch_to_personal,
        name="switch_to_personal",
    ),
    path("@<str:handle>/", views.profile, name="profile"),
    path("avatars/<str:handle>.png", views.avatar, name="avatar"),
]
