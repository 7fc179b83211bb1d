from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_it_answers_no_content_to_anyone_logged_in(staff_client, creator_client, seller_client):
    for client in (staff_client, creator_client, seller_client):
        response = client.get("/ping/")
        assert response.status_code == 204
        assert response.content == b""


def test_it_sends_anonymous_users_to_log_in(client):
    response = client.get("/ping/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_it_refuses_post(staff_client):
    assert staff_client.post("/ping/").status_code == 405
