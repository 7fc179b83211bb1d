from __future__ import annotations

import pytest

from tests.factories import PASSWORD, AccountManagerFactory, UserFactory

pytestmark = pytest.mark.django_db


def _log_in(client, username, password=PASSWORD, **extra):
    return client.post("/login/", {"username": username, "password": password, **extra})


def test_it_lands_staff_on_partner_center(client, staff):
    response = _log_in(client, "staff")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "Welcome, Northstar Creators" in client.get("/").content.decode()


def test_it_lands_a_creator_on_the_inbox(client, creator):
    assert _log_in(client, "creator")["Location"] == "/creator/"


def test_it_lands_a_seller_on_seller_home(client, seller):
    assert _log_in(client, "seller")["Location"] == "/seller/"


def test_it_lands_an_account_manager_in_admin(client):
    AccountManagerFactory(username="am")
    assert _log_in(client, "am")["Location"] == "/admin/"


def test_it_follows_a_safe_next(client, staff):
    assert _log_in(client, "staff", next="/campaigns/")["Location"] == "/campaigns/"


def test_it_ignores_an_offsite_next(client, staff):
    assert _log_in(client, "staff", next="https://evil.example/")["Location"] == "/"


def test_it_rejects_a_wrong_password_with_a_message(client, staff):
    response = _log_in(client, "staff", password="nope")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_rejects_an_unknown_user_with_the_same_message(client, db):
    response = _log_in(client, "nobody")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_it_tells_a_user_without_a_role(client, db):
    UserFactory(username="drifter")
    response = _log_in(client, "drifter")
    assert response["Location"] == "/no-role/"
    assert client.get("/no-role/").status_code == 403


def test_it_logs_out_with_post_only(staff_client):
    assert staff_client.get("/logout/").status_code == 405
    assert staff_client.post("/logout/").status_code == 302
    assert staff_client.get("/").status_code == 302


def test_it_keeps_the_tiktok_app_login_on_partner_center_logout(staff_client):
    from tests.factories import TikTokAccountFactory

    account = TikTokAccountFactory()
    session = staff_client.session
    session["tiktok_account_id"] = account.pk
    session.save()
    staff_client.post("/logout/")
    assert staff_client.get("/").status_code == 302  # logged out of Partner Center
    assert staff_client.session.get("tiktok_account_id") == account.pk


@pytest.mark.parametrize("length", [151, 300, 5000])
def test_it_answers_a_too_long_username_with_the_form_not_a_500(client, length):
    response = client.post("/login/", {"username": "x" * length, "password": "y"})
    assert response.status_code == 200
    assert "at most 150 characters" in response.text
