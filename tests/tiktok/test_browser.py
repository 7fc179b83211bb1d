"""The simulated TikTok app on a phone: each main screen, in a 390 by 844 touch viewport, shows its
tab bar and its primary button without scrolling, never scrolls sideways, and has a screenshot
in test-results/screenshots/ (CI keeps them) to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from linking import services as linking_services
from tests import factories
from tiktok.models import TikTokAccount

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture
def screenshots(pytestconfig) -> Path:
    folder = Path(pytestconfig.getoption("--output")) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, **PHONE)
    page = context.new_page()
    blocked = []
    page.on("console", lambda m: "Content Security Policy" in m.text and blocked.append(m.text))
    yield page
    context.close()
    assert blocked == [], "the CSP blocked an inline style or script"


def _tab_bar(page: Page):
    return page.get_by_role("navigation", name="TikTok")


def _looks_like_a_phone_app(page: Page, screenshots: Path, name: str, primary=None) -> None:
    """The screen as it first shows: tab bar in view, the primary button above it, nothing
    wider than the phone. Then its screenshot."""
    page.wait_for_load_state()
    width, height = PHONE["viewport"]["width"], PHONE["viewport"]["height"]
    tabs = _tab_bar(page)
    expect(tabs).to_be_visible()
    expect(tabs.get_by_role("link")).to_have_text(["Home", "Inbox", "Profile"])
    bar = tabs.bounding_box()
    assert bar["x"] >= 0 and bar["x"] + bar["width"] <= width, f"{name}: tab bar {bar}"
    assert bar["y"] >= 0 and bar["y"] + bar["height"] <= height, f"{name}: tab bar {bar}"
    if primary is not None:
        expect(primary).to_be_visible()
        box = primary.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= bar["y"], (
            f"{name}: the primary button {box} is not in view above the tab bar {bar}"
        )
        assert "primary" in primary.get_attribute("class")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{name}: {scroll_width}px wide, scrolls sideways"
    page.screenshot(path=screenshots / f"{name}.png")


def _tab(page: Page, label: str):
    return _tab_bar(page).get_by_role("link", name=label)


def _log_in(page: Page, handle: str) -> None:
    page.goto("/tiktok/login/")
    page.get_by_label("Handle").fill(handle)
    page.get_by_label("Password").fill(factories.TIKTOK_PASSWORD)
    page.get_by_role("button", name="Log in").tap()
    expect(page.get_by_role("heading", name="Log in to TikTok")).to_have_count(0)


def test_every_main_screen_fits_a_phone(phone, screenshots, staff, partner):
    linked = factories.TikTokAccountFactory(
        handle="north.hq", display_name="Northstar HQ", followers=128_400, likes=2_310_500
    )
    factories.TikTokLinkFactory(partner=partner, tiktok_account=linked, linked_by=staff)
    factories.TikTokAccountFactory(
        handle="shop.biz", account_type=TikTokAccount.AccountType.BUSINESS
    )
    rival = factories.PartnerFactory(name="Lumen Agency")
    rival_staff = factories.MembershipFactory(partner=rival).user
    _, token = linking_services.link_session_start(partner=rival, started_by=rival_staff)

    phone.goto("/tiktok/")
    expect(_tab(phone, "Home")).to_have_attribute("aria-current", "page")
    _looks_like_a_phone_app(
        phone, screenshots, "01-home", phone.get_by_role("link", name="Log in", exact=True)
    )
    phone.goto("/tiktok/login/")
    _looks_like_a_phone_app(
        phone, screenshots, "02-login", phone.get_by_role("button", name="Log in")
    )
    phone.goto("/tiktok/@north.hq/")
    expect(phone.get_by_text("Creator Agency Partner")).to_be_visible()
    for label, shown in [("Following", "321"), ("Followers", "128.4K"), ("Likes", "2.3M")]:
        figure = phone.locator(".tt-figures div").filter(has=phone.get_by_text(label, exact=True))
        expect(figure).to_contain_text(shown)
    _looks_like_a_phone_app(phone, screenshots, "03-profile-with-badge")

    _log_in(phone, "shop.biz")
    expect(_tab(phone, "Profile")).to_have_attribute("aria-current", "page")
    expect(phone.get_by_role("link", name="Back to")).to_have_count(0)
    _looks_like_a_phone_app(
        phone, screenshots, "04-own-profile", phone.get_by_role("link", name="Share profile")
    )
    _tab(phone, "Home").tap()
    expect(phone.get_by_role("heading", name="Hi,")).to_be_visible()
    _looks_like_a_phone_app(
        phone, screenshots, "05-home-logged-in", phone.get_by_role("link", name="Scan QR code")
    )
    phone.goto("/tiktok/me/qr/")
    _looks_like_a_phone_app(
        phone, screenshots, "06-my-qr-code", phone.get_by_role("button", name="Open")
    )
    phone.goto("/tiktok/settings/")
    expect(_tab(phone, "Profile")).to_have_attribute("aria-current", "true")
    _looks_like_a_phone_app(phone, screenshots, "07-settings")
    phone.goto("/tiktok/settings/account/switch-to-personal/")
    _looks_like_a_phone_app(
        phone, screenshots, "08-switch-to-personal", phone.get_by_role("button", name="Switch")
    )
    phone.goto(f"/tiktok/scan/#t={token}")  # the QR code's URL: the token in the fragment
    phone.get_by_role("button", name="Continue").tap()
    expect(phone.get_by_role("heading", name="Link your account to Lumen Agency?")).to_be_visible()
    _looks_like_a_phone_app(
        phone, screenshots, "09-confirm", phone.get_by_role("button", name="Connect Now")
    )
    expect(phone.get_by_role("button", name="Cancel")).to_be_in_viewport()
    _tab(phone, "Inbox").tap()
    expect(_tab(phone, "Inbox")).to_have_attribute("aria-current", "page")
    expect(phone.get_by_role("heading", name="Inbox")).to_be_visible()
    _looks_like_a_phone_app(phone, screenshots, "10-inbox")


def test_every_screen_below_a_tab_leads_back_up(phone):
    factories.TikTokAccountFactory(
        handle="shop.biz", account_type=TikTokAccount.AccountType.BUSINESS
    )
    _log_in(phone, "shop.biz")
    phone.get_by_label("Menu").tap()
    phone.get_by_role("link", name="Settings and privacy").tap()
    phone.get_by_role("link", name="Account").tap()
    phone.get_by_role("link", name="Switch to Personal Account").tap()
    expect(phone.get_by_role("heading", name="Switch to Personal Account")).to_be_visible()
    for back_to, heading in [
        ("Account", "Account"),
        ("Settings and privacy", "Settings and privacy"),
        ("Profile", "@shop.biz"),
    ]:
        phone.get_by_role("link", name=f"Back to {back_to}").tap()
        expect(phone.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    phone.get_by_label("Menu").tap()
    phone.get_by_role("link", name="My QR code").tap()
    phone.get_by_role("link", name="Back to Profile").tap()
    expect(phone.get_by_role("heading", name="@shop.biz")).to_be_visible()

    phone.goto("/tiktok/@shop.biz/")  # someone's profile, reached from outside the tabs
    phone.get_by_role("link", name="Back to Home").tap()
    expect(phone.get_by_role("heading", name="Hi,")).to_be_visible()
