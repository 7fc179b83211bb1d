"""Each role reaches only its own area."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

PARTNER_PAGES = [
    "/",
    "/account/profile/",
    "/creators/find/",
    "/creators/partnerships/",
    "/campaigns/",
    "/insights/",
]


@pytest.mark.parametrize("url", [*PARTNER_PAGES, "/creator/", "/seller/"])
def test_it_sends_anonymous_users_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("url", PARTNER_PAGES[1:])
def test_it_refuses_creators_on_partner_center(creator_client, url):
    assert creator_client.get(url).status_code == 403


@pytest.mark.parametrize("url", PARTNER_PAGES[1:])
def test_it_refuses_sellers_on_partner_center(seller_client, url):
    assert seller_client.get(url).status_code == 403


def test_it_sends_a_creator_at_the_root_to_their_inbox(creator_client):
    assert creator_client.get("/")["Location"] == "/creator/"


def test_it_refuses_staff_in_the_creator_area(staff_client):
    assert staff_client.get("/creator/").status_code == 403


def test_it_refuses_staff_in_the_seller_area(staff_client):
    assert staff_client.get("/seller/").status_code == 403


def test_it_refuses_a_creator_in_the_seller_area(creator_client):
    assert creator_client.get("/seller/").status_code == 403


@pytest.mark.parametrize("url", ["/", "/no-role/"])
def test_pages_that_only_show_refuse_post(staff_client, url):
    assert staff_client.post(url).status_code == 405
