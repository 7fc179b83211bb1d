from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from . import notification_views, team_views, views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("confirm-password/", views.reauthenticate, name="reauthenticate"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("no-role/", views.no_role, name="no_role"),
    path("account/team/", team_views.team_members, name="team"),
    path("account/team/invite/", team_views.member_invite, name="team_invite"),
    path("account/team/members/<uuid:code>/", team_views.member_detail, name="team_member"),
    path(
        "account/team/members/<uuid:code>/deactivate/",
        team_views.member_deactivate,
        name="team_member_deactivate",
    ),
    path(
        "account/team/members/<uuid:code>/reactivate/",
        team_views.member_reactivate,
        name="team_member_reactivate",
    ),
    path(
        "account/team/members/<uuid:code>/resend/",
        team_views.member_resend,
        name="team_member_resend",
    ),
    path("account/team/roles/new/", team_views.role_form, name="team_role_new"),
    path("account/team/roles/<uuid:code>/", team_views.role_form, name="team_role"),
    path(
        "account/team/roles/<uuid:code>/delete/",
        team_views.role_delete,
        name="team_role_delete",
    ),
    path("team/join/<str:token>/", team_views.join, name="team_join"),
    path("ping/", views.ping, name="ping"),
    path("notifications/", notification_views.notification_list, name="notifications"),
    path("notifications/bell/", notification_views.bell, name="notifications_bell"),
    path("notifications/<uuid:code>/read/", notification_views.mark_read, name="notification_read"),
    path(
        "notifications/read-all/",
        notification_views.mark_all_read,
        name="notifications_read_all",
    ),
    path(
        "notifications/settings/",
        notification_views.notification_settings,
        name="notification_settings",
    ),
]
