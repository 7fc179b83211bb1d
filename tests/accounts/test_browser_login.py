"""A real browser logs in as each role and lands on that role's home."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_each_role_lands_on_its_own_home(page, live_server, log_in, staff, creator, seller):
    log_in(page, "staff")
    expect(page.get_by_role("heading", name="Welcome, Northstar Creators")).to_be_visible()
    expect(page.get_by_role("navigation", name="Partner Center")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    log_in(page, "creator")
    assert page.url == f"{live_server.url}/creator/"
    page.get_by_role("button", name="Log out").click()

    log_in(page, "seller")
    assert page.url == f"{live_server.url}/seller/"


def test_a_wrong_password_shows_a_message(page, live_server, log_in, staff):
    log_in(page, "staff", "wrong")
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")
