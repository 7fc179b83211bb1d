"""Signing up for the simulated TikTok app says so on the screen it leads to."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partner_center.next_url import with_next

pytestmark = pytest.mark.django_db

SIGN_UP = {
    "handle": "new.agency",
    "display_name": "New Agency",
    "birth_date": "1990-05-01",
    "password": "a-Long-enough-passw0rd",
}


def test_it_welcomes_the_new_account_on_its_profile(client):
    response = client.post(reverse("tiktok:signup"), SIGN_UP, follow=True)
    assert response.redirect_chain[-1][0] == reverse("tiktok:me")
    assert "Welcome to TikTok, @new.agency" in response.text


def test_it_welcomes_it_on_the_page_it_came_from(staff_client):
    # Sign Up for TikTok on Link TikTok Account comes back to that page.
    url = with_next(reverse("tiktok:signup"), reverse("linking:start"))
    response = staff_client.post(url, SIGN_UP, follow=True)
    assert response.redirect_chain[-1][0] == reverse("linking:start")
    assert "Welcome to TikTok, @new.agency" in response.text


def test_a_refused_sign_up_welcomes_no_one(client):
    response = client.post(reverse("tiktok:signup"), {**SIGN_UP, "birth_date": "soon"})
    assert response.status_code == 200
    assert "Welcome" not in response.text
