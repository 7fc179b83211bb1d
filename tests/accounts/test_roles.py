"""Each role reaches only its own area."""

from __future__ import annotations

from urllib.parse import quote

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


@pytest.mark.parametrize("url", [*PARTNER_PAGES, "/creator/", "/seller/"])
def test_it_sends_anonymous_htmx_requests_to_log_in_as_a_whole_page(client, url):
    # htmx would follow a 302 itself and swap the login page into the element that asked.
    headers = {"HX-Request": "true", "HX-Current-URL": f"http://testserver{url}?page=2"}
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/login/?next={quote(url + '?page=2', safe='')}"
    assert "HX-Request" in response["Vary"]


def test_it_comes_back_to_the_requested_url_without_a_page_on_this_site(client):
    headers = {"HX-Request": "true", "HX-Current-URL": "https://elsewhere.example/creators/"}
    response = client.get("/campaigns/?status=open", headers=headers)
    assert response["HX-Redirect"] == "/login/?next=%2Fcampaigns%2F%3Fstatus%3Dopen"


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
