"""The TikTok app's chrome: the tab bar marks where the user is, Home is a screen of its own,
each screen below a tab links back up, and figures read as the app writes them."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories
from tiktok.auth import SESSION_KEY
from tiktok.templatetags.tiktok_app import tiktok_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def phone(db) -> Client:
    account = factories.TikTokAccountFactory(handle="north.hq", display_name="Northstar HQ")
    client = Client()
    session = client.session
    session[SESSION_KEY] = account.pk
    session.save()
    return client


def _tabs(html: str) -> dict[str, str]:
    """Each tab's label and its aria-current ("" if none)."""
    bar = re.search(r'<nav class="tab-bar" aria-label="TikTok">(.*?)</nav>', html, re.S).group(1)
    return {
        label: current or ""
        for current, label in re.findall(
            r'<a href="[^"]+"(?: aria-current="(\w+)")?><img[^>]*><span>(\w+)</span></a>', bar
        )
    }


def _back_link(html: str) -> tuple[str, str] | None:
    found = re.search(
        r'<a class="tt-back" href="([^"]+)">.*?Back to </span><span class="tt-back-label">([^<]+)<',
        html,
    )
    return found.groups() if found else None


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        (0, "0"),
        (9_860, "9,860"),
        (10_000, "10K"),
        (128_400, "128.4K"),
        (999_999, "999.9K"),
        (1_000_000, "1M"),
        (2_310_500, "2.3M"),
        (1_250_000_000, "1.2B"),
    ],
)
def test_it_writes_figures_as_the_app_does(number, shown):
    assert tiktok_count(number) == shown


def test_the_profile_shows_its_figures_as_the_app_writes_them(client):
    factories.TikTokAccountFactory(
        handle="mia.makes", following=534, followers=182_600, likes=4_120_000
    )
    html = client.get(reverse("tiktok:profile", args=["mia.makes"])).text
    for label, exact, shown in [
        ("Following", 534, "534"),
        ("Followers", 182_600, "182.6K"),
        ("Likes", 4_120_000, "4.1M"),
    ]:
        assert f'<dt>{label}</dt><dd><data value="{exact}">{shown}</data></dd>' in html


def test_home_is_a_screen_of_its_own_with_the_scanner_one_tap_away(phone):
    response = phone.get(reverse("tiktok:home"))
    assert response.status_code == 200
    assert "Hi, Northstar HQ" in response.text
    assert f'href="{reverse("tiktok:my_qr_code")}">Scan QR code</a>' in response.text
    assert _tabs(response.text)["Home"] == "page"
    assert _back_link(response.text) is None


def test_home_offers_log_in_and_sign_up_when_logged_out(client):
    html = client.get(reverse("tiktok:home")).text
    assert f'href="{reverse("tiktok:login")}">Log in</a>' in html
    assert f'href="{reverse("tiktok:signup")}">Sign up</a>' in html


@pytest.mark.parametrize(
    ("screen", "tab", "current", "back"),
    [
        ("tiktok:me", "Profile", "page", None),
        ("tiktok:inbox", "Inbox", "page", None),
        ("tiktok:my_qr_code", "Profile", "true", ("tiktok:me", "Profile")),
        ("tiktok:settings", "Profile", "true", ("tiktok:me", "Profile")),
        (
            "tiktok:account_settings",
            "Profile",
            "true",
            ("tiktok:settings", "Settings and privacy"),
        ),
        (
            "tiktok:password_change",
            "Profile",
            "true",
            ("tiktok:settings", "Settings and privacy"),
        ),
        (
            "tiktok:switch_to_personal",
            "Profile",
            "true",
            ("tiktok:account_settings", "Account"),
        ),
    ],
)
def test_it_marks_the_tab_of_each_screen_and_links_back_up(phone, screen, tab, current, back):
    html = phone.get(reverse(screen)).text
    tabs = _tabs(html)
    assert list(tabs) == ["Home", "Inbox", "Profile"]
    assert tabs[tab] == current
    assert [label for label, mark in tabs.items() if mark] == [tab]
    assert _back_link(html) == ((reverse(back[0]), back[1]) if back else None)


def test_switching_to_personal_from_a_link_request_leads_back_to_it(phone):
    scan = "/tiktok/scan/some-token/"
    html = phone.get(reverse("tiktok:switch_to_personal"), {"next": scan}).text
    assert _back_link(html) == (scan, "Link request")


def test_someone_elses_profile_and_the_log_in_lead_back_home(client):
    factories.TikTokAccountFactory(handle="mia.makes")
    for url in (reverse("tiktok:profile", args=["mia.makes"]), reverse("tiktok:login")):
        html = client.get(url).text
        assert _back_link(html) == (reverse("tiktok:home"), "Home")
        assert not any(_tabs(html).values())


def test_forgetting_a_password_leads_back_to_log_in(client):
    html = client.get(reverse("tiktok:password_reset")).text
    assert _back_link(html) == (reverse("tiktok:login"), "Log in")
