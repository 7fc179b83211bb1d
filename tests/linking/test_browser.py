"""The link journeys in a real browser: agency staff in one context, the TikTok user's phone
in another, as on two devices."""

from __future__ import annotations

import io
import re

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from linking.models import TikTokLink
from tests.factories import PASSWORD, TIKTOK_PASSWORD, TikTokAccountFactory, TikTokLinkFactory
from tiktok.models import TikTokAccount

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def devices(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    contexts = [browser.new_context(base_url=live_server.url) for _ in range(2)]
    pages = [context.new_page() for context in contexts]
    errors = []
    for page in pages:
        page.on(
            "console",
            lambda m: "Content Security Policy" in m.text and errors.append(m.text),
        )
    yield pages
    for context in contexts:
        context.close()
    assert errors == [], "the CSP blocked an inline style or script"


def _phone_log_in(phone, handle):
    """Fill in the TikTok log in screen the phone is on."""
    phone.get_by_label("Handle").fill(handle)
    phone.get_by_label("Password").fill(TIKTOK_PASSWORD)
    phone.get_by_role("button", name="Log in").click()


def _scan_with_the_app(phone, url):
    phone.goto("/tiktok/me/")
    phone.get_by_label("Menu").click()
    phone.get_by_role("link", name="My QR code").click()
    phone.get_by_label("Scanned link").fill(url)
    phone.get_by_role("button", name="Open").click()


def _continue(phone, partner="Northstar Creators"):
    """The scan screen says who is asking; the tap on Continue is the scan."""
    expect(
        phone.get_by_role("heading", name=f"{partner} asks to link your TikTok account")
    ).to_be_visible()
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("heading", name=f"Link your account to {partner}?")).to_be_visible()


def _qr_url(pc) -> str:
    return pc.get_by_role("link", name="Open in the simulated TikTok app").get_attribute("href")


def _get_started(pc, log_in):
    log_in(pc, "staff")
    pc.goto("/account/profile/")
    pc.get_by_role("link", name="Link TikTok Account").click()
    pc.get_by_role("button", name="Get Started").click()
    expect(pc.get_by_text("Waiting for scan")).to_be_visible()


def test_staff_link_by_scanning_and_the_page_follows_by_itself(devices, log_in, staff):
    pc, phone = devices
    TikTokAccountFactory(handle="north.hq", display_name="Northstar HQ")
    _get_started(pc, log_in)

    png = pc.get_by_test_id("link-qr").screenshot()
    decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]
    demo_link = pc.get_by_role("link", name="Open in the simulated TikTok app")
    assert decoded == [demo_link.get_attribute("href")]
    pc.evaluate("window.notReloaded = true")

    assert "#t=" in decoded[0] and decoded[0].startswith(
        f"{pc.url.split('/account/')[0]}/tiktok/scan/"
    )
    phone.goto(decoded[0])
    expect(phone.get_by_role("heading", name="Log in to TikTok")).to_be_visible()
    _phone_log_in(phone, "north.hq")  # the code's fragment survives the log-in
    expect(
        phone.get_by_role("heading", name="Northstar Creators asks to link your TikTok account")
    ).to_be_visible()
    assert "#" not in phone.url  # the token left the address bar and the history
    # Opening the code told the agency nothing: only the tap does.
    expect(pc.get_by_text("Waiting for scan")).to_be_visible()
    expect(pc.get_by_text("@north.hq")).to_have_count(0)
    phone.get_by_role("button", name="Continue").click()
    expect(
        phone.get_by_role("heading", name="Link your account to Northstar Creators?")
    ).to_be_visible()
    expect(pc.get_by_text("Scanned by @north.hq — confirm in the TikTok app")).to_be_visible()

    phone.get_by_role("button", name="Connect Now").click()
    expect(phone.get_by_role("heading", name="You're linked to Northstar Creators")).to_be_visible()
    success = pc.get_by_role("region", name="TikTok account linked")
    expect(success).to_contain_text("Creator Agency Partner")
    assert pc.evaluate("window.notReloaded") is True

    success.get_by_role("link", name="Continue").click()
    expect(pc).to_have_url("/account/profile/")
    expect(pc.get_by_role("link", name="@north.hq")).to_be_visible()
    expect(pc.get_by_text("To unlink or change it, contact your account manager")).to_be_visible()


def test_a_user_without_tiktok_signs_up_and_comes_back_to_link(devices, log_in, staff):
    pc, phone = devices
    log_in(pc, "staff")
    pc.goto("/account/profile/")
    pc.get_by_role("link", name="Link TikTok Account").click()
    pc.get_by_role("link", name="Sign Up for TikTok").click()
    expect(pc.get_by_role("heading", name="Sign up for TikTok")).to_be_visible()
    pc.get_by_label("Handle").fill("fresh.agency")
    pc.get_by_label("Display name").fill("Fresh Agency")
    pc.get_by_label("Birth date").fill("1990-05-01")
    pc.get_by_label("Password").fill("fresh-pass-2026")
    pc.get_by_role("button", name="Sign up").click()

    expect(pc).to_have_url("/account/link/?next=%2Faccount%2Fprofile%2F")
    pc.get_by_role("button", name="Get Started").click()
    phone.goto(_qr_url(pc))
    phone.get_by_label("Handle").fill("fresh.agency")
    phone.get_by_label("Password").fill("fresh-pass-2026")
    phone.get_by_role("button", name="Log in").click()
    _continue(phone)
    phone.get_by_role("button", name="Connect Now").click()
    expect(pc.get_by_role("region", name="TikTok account linked")).to_contain_text("@fresh.agency")


def test_a_business_account_switches_to_personal_and_links(devices, log_in, staff):
    pc, phone = devices
    TikTokAccountFactory(handle="shop.biz", account_type=TikTokAccount.AccountType.BUSINESS)
    _get_started(pc, log_in)
    url = _qr_url(pc)

    phone.goto("/tiktok/login/")
    _phone_log_in(phone, "shop.biz")
    _scan_with_the_app(phone, url)
    _continue(phone)
    phone.get_by_role("button", name="Connect Now").click()
    expect(phone.get_by_role("alert")).to_contain_text("registered business account")
    problem = pc.get_by_text("The TikTok account is a registered business account.")
    expect(problem).to_be_visible()
    pc.evaluate("window.notReloaded = true")

    phone.goto("/tiktok/me/")
    phone.get_by_label("Menu").click()
    phone.get_by_role("link", name="Settings and privacy").click()
    phone.get_by_role("link", name="Account").click()
    phone.get_by_role("link", name="Switch to Personal Account").click()
    phone.get_by_role("button", name="Switch anyway").click()
    expect(phone.get_by_text("Personal account", exact=True)).to_be_visible()
    # The Partner Center page drops the problem by itself, as the phone does.
    expect(problem).to_have_count(0)
    expect(pc.get_by_text("Scanned by @shop.biz — confirm in the TikTok app")).to_be_visible()
    assert pc.evaluate("window.notReloaded") is True

    _scan_with_the_app(phone, url)  # its own scan: straight back to the confirmation
    expect(phone.get_by_text("You now have a personal account")).to_be_visible()
    expect(phone.get_by_role("alert")).to_have_count(0)
    phone.get_by_role("button", name="Connect Now").click()
    expect(phone.get_by_role("heading", name="You're linked to Northstar Creators")).to_be_visible()
    expect(pc.get_by_role("region", name="TikTok account linked")).to_be_visible()


def test_an_expired_qr_code_is_refreshed(devices, log_in, staff, settings):
    pc, _ = devices
    settings.LINK_SESSION_TTL_SECONDS = 2
    _get_started(pc, log_in)
    first = _qr_url(pc)

    expect(pc.get_by_text("This QR code has expired.")).to_be_visible()
    expect(pc.locator("#link-countdown")).to_have_count(0)
    settings.LINK_SESSION_TTL_SECONDS = 300
    pc.get_by_role("button", name="Refresh QR code").click()

    expect(pc.get_by_text("Waiting for scan")).to_be_visible()
    second = _qr_url(pc)
    assert second != first
    expect(pc.locator("#link-countdown")).to_have_text(re.compile(r"^[45]:\d\d$"))


def test_the_qr_code_rotates_and_only_the_newest_scans(devices, log_in, staff, settings):
    pc, phone = devices
    settings.LINK_QR_ROTATE_SECONDS = 2
    TikTokAccountFactory(handle="north.hq")
    _get_started(pc, log_in)
    first = _qr_url(pc)
    pc.evaluate("window.notReloaded = true")
    countdown = pc.locator("#link-countdown")
    expect(countdown).to_have_text(re.compile(r"^[45]:\d\d$"))

    expect(pc.get_by_role("link", name="Open in the simulated TikTok app")).not_to_have_attribute(
        "href", first, timeout=10_000
    )
    second = _qr_url(pc)
    png = pc.get_by_test_id("link-qr").screenshot()
    assert [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))] == [second]
    assert pc.evaluate("window.notReloaded") is True
    # The countdown is the session's, not the code's.
    expect(countdown).to_have_text(re.compile(r"^4:\d\d$"))

    phone.goto("/tiktok/login/")
    _phone_log_in(phone, "north.hq")
    phone.goto(first)
    expect(phone.get_by_role("heading", name="Replaced by a newer QR code")).to_be_visible()
    expect(pc.get_by_text("Waiting for scan")).to_be_visible()
    settings.LINK_QR_ROTATE_SECONDS = 300  # hold still while the phone scans: once the
    # panel asks every 300 s, the code it shows is the newest and stays so.
    expect(pc.locator("#qr-panel")).to_have_attribute("hx-trigger", "every 300s")
    phone.goto(_qr_url(pc))
    _continue(phone)
    expect(pc.get_by_text("Scanned by @north.hq — confirm in the TikTok app")).to_be_visible()
    expect(pc.get_by_test_id("link-qr")).to_have_count(0)  # nothing left to scan


def test_not_our_account_shows_a_fresh_code_and_the_intruder_is_told(
    devices, log_in, staff, browser, live_server
):
    pc, intruder = devices
    TikTokAccountFactory(handle="in.truder")
    TikTokAccountFactory(handle="north.hq")
    _get_started(pc, log_in)
    seen_by_intruder = _qr_url(pc)  # a screen share, a photo
    pc.evaluate("window.notReloaded = true")

    intruder.goto("/tiktok/login/")
    _phone_log_in(intruder, "in.truder")
    intruder.goto(seen_by_intruder)
    _continue(intruder)
    expect(pc.get_by_text("Scanned by @in.truder — confirm in the TikTok app")).to_be_visible()

    rejected_page = pc.url
    pc.get_by_role("button", name="Not our account").click()
    expect(pc.get_by_text("Rejected the scan by @in.truder.")).to_be_visible()
    expect(pc.get_by_text("Waiting for scan")).to_be_visible()
    fresh = _qr_url(pc)
    assert fresh != seen_by_intruder
    assert pc.evaluate("window.notReloaded") is True
    # The address is the new session's, so a reload shows the fresh code, not the rejection.
    expect(pc).not_to_have_url(rejected_page)
    expect(pc).to_have_url(re.compile(r"/account/link/[0-9a-f-]{36}/\?next="))

    intruder.get_by_role("button", name="Connect Now").click()
    expect(intruder.get_by_role("heading", name="The agency rejected this scan")).to_be_visible()
    assert not TikTokLink.objects.exists()

    owner_context = browser.new_context(base_url=live_server.url)
    owner = owner_context.new_page()
    owner.goto("/tiktok/login/")
    _phone_log_in(owner, "north.hq")
    owner.goto(fresh)
    _continue(owner)
    owner.get_by_role("button", name="Connect Now").click()
    expect(pc.get_by_role("region", name="TikTok account linked")).to_contain_text("@north.hq")
    owner_context.close()


def test_a_page_replaced_in_another_tab_says_so(devices, log_in, staff):
    pc, _ = devices
    _get_started(pc, log_in)
    other_tab = pc.context.new_page()
    other_tab.goto("/account/link/")
    other_tab.get_by_role("button", name="Get Started").click()
    expect(other_tab.get_by_text("Waiting for scan")).to_be_visible()

    expect(pc.get_by_text("Replaced by a newer QR code.").first).to_be_visible()
    expect(pc.get_by_text("Cancelled")).to_have_count(0)
    expect(pc.get_by_test_id("link-qr")).to_have_count(0)


def test_logging_out_in_another_tab_sends_the_polling_page_to_log_in(devices, log_in, staff):
    pc, _ = devices
    _get_started(pc, log_in)
    session_page = pc.url
    other_tab = pc.context.new_page()
    other_tab.goto("/account/profile/")
    other_tab.get_by_role("button", name="Log out").click()

    # The next poll moves the whole page to log in, not the login form into the status box.
    expect(pc).to_have_url(re.compile(r"/login/\?next=%2Faccount%2Flink%2F"))
    expect(pc.get_by_role("heading", name="Log in")).to_be_visible()
    pc.get_by_label("Username").fill("staff")
    pc.get_by_label("Password").fill(PASSWORD)
    pc.get_by_role("button", name="Log in").click()
    expect(pc).to_have_url(session_page)
    expect(pc.get_by_text("Waiting for scan")).to_be_visible()


def test_an_account_manager_unlinks_in_admin_and_the_card_disappears(
    devices, log_in, staff, partner
):
    pc, admin = devices
    TikTokLinkFactory(partner=partner, tiktok_account__handle="north.hq")
    log_in(pc, "staff")
    pc.goto("/account/profile/")
    expect(pc.get_by_role("link", name="@north.hq")).to_be_visible()

    log_in(admin, partner.account_manager.username)
    admin.goto("/admin/linking/tiktoklink/")
    admin.get_by_role("link", name="Unlink…").click()
    admin.get_by_role("button", name="Unlink").click()
    expect(admin.get_by_text("Please give a reason.")).to_be_visible()
    admin.get_by_label("Reason").fill("The agency asked to link a new account")
    admin.get_by_role("button", name="Unlink").click()
    expect(admin.get_by_text("Unlinked @north.hq from Northstar Creators.")).to_be_visible()
    assert not TikTokLink.objects.exists()

    pc.reload()
    expect(pc.get_by_role("link", name="@north.hq")).to_have_count(0)
    expect(pc.get_by_role("link", name="Link TikTok Account")).to_be_visible()
    admin.goto("/tiktok/@north.hq/")
    expect(admin.get_by_role("heading", name="@north.hq")).to_be_visible()
    expect(admin.get_by_text("Creator Agency Partner")).to_have_count(0)


def test_the_phone_shows_its_local_time_and_every_failed_requirement(
    browser, devices, live_server, log_in, staff
):
    pc, _ = devices
    TikTokAccountFactory(
        handle="frozen.shop",
        status=TikTokAccount.Status.SUSPENDED,
        account_type=TikTokAccount.AccountType.BUSINESS,
    )
    _get_started(pc, log_in)
    url = pc.get_by_role("link", name="Open in the simulated TikTok app").get_attribute("href")
    context = browser.new_context(
        base_url=live_server.url, timezone_id="Asia/Jakarta", locale="en-GB"
    )
    phone = context.new_page()
    blocked = []
    phone.on("console", lambda m: "Content Security Policy" in m.text and blocked.append(m.text))

    phone.goto(url)
    _phone_log_in(phone, "frozen.shop")
    _continue(phone)
    when = phone.get_by_role("definition").filter(has=phone.locator("time"))
    expect(when).to_contain_text(" UTC · ")
    utc = phone.locator("time[data-local-time]").text_content()
    local = phone.get_by_test_id("local-time").text_content()
    hour, minute = (int(part) for part in re.search(r"(\d\d):(\d\d) UTC", utc).groups())
    assert f"{(hour + 7) % 24:02d}:{minute:02d}" in local and "your time" in local
    expect(phone.get_by_text("Logged in as @frozen.shop — not you?")).to_be_visible()

    phone.get_by_role("button", name="Connect Now").click()
    checklist = phone.get_by_role("alert")
    expect(checklist).to_contain_text("These 2 requirements are not met")
    expect(checklist).to_contain_text("The TikTok account is suspended.")
    expect(checklist).to_contain_text("The TikTok account is a registered business account.")
    on_page = pc.get_by_test_id("link-problems")
    expect(on_page).to_contain_text("The TikTok account is suspended.")
    expect(on_page).to_contain_text("The TikTok account is a registered business account.")
    expect(on_page).to_contain_text("contact your account manager")
    context.close()
    assert blocked == [], "the CSP blocked our local time script"


def test_the_wrong_account_switches_before_the_tap_and_the_right_one_links(devices, log_in, staff):
    pc, phone = devices
    TikTokAccountFactory(handle="north.hq")
    TikTokAccountFactory(handle="left.logged.in")
    _get_started(pc, log_in)
    phone.goto("/tiktok/login/")
    _phone_log_in(phone, "left.logged.in")

    phone.goto(_qr_url(pc))
    expect(phone.get_by_text("Logged in as @left.logged.in — not you?")).to_be_visible()
    phone.get_by_role("button", name="Switch account").click()
    expect(phone.get_by_role("heading", name="Log in to TikTok")).to_be_visible()
    _phone_log_in(phone, "north.hq")

    # Back on the same code, as the right account; the agency never saw the wrong one.
    expect(phone.get_by_text("Logged in as @north.hq — not you?")).to_be_visible()
    assert "#" not in phone.url
    _continue(phone)
    expect(pc.get_by_text("Scanned by @north.hq — confirm in the TikTok app")).to_be_visible()
    expect(pc.get_by_text("@left.logged.in")).to_have_count(0)


def test_the_wrong_account_switches_after_the_tap_and_gives_the_scan_back(devices, log_in, staff):
    pc, phone = devices
    TikTokAccountFactory(handle="north.hq")
    TikTokAccountFactory(handle="left.logged.in")
    _get_started(pc, log_in)
    phone.goto(_qr_url(pc))
    _phone_log_in(phone, "left.logged.in")
    _continue(phone)
    expect(pc.get_by_text("Scanned by @left.logged.in — confirm in the TikTok app")).to_be_visible()

    phone.get_by_role("button", name="Switch account").click()
    expect(pc.get_by_text("Waiting for scan")).to_be_visible()
    _phone_log_in(phone, "north.hq")
    _continue(phone)
    expect(pc.get_by_text("Scanned by @north.hq — confirm in the TikTok app")).to_be_visible()
    phone.get_by_role("button", name="Connect Now").click()
    expect(phone.get_by_role("heading", name="You're linked to Northstar Creators")).to_be_visible()
    assert TikTokLink.objects.get().tiktok_account.handle == "north.hq"
