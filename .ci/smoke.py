"""The production smoke's journey: one agency links its TikTok account by QR and invites a
creator with the profile attached; the creator's e-mail arrives and opens the invitation with
the agency's card. Run by .ci/smoke.sh against the product it started (gunicorn with DEBUG=0
behind TLS, a Celery worker and beat, an SMTP server keeping a Maildir); it only drives the
browser and reads the Maildir, never the database.

Each step is asserted. On a failure it prints what each page showed, saves screenshots in
SMOKE_ARTIFACTS and exits 1.
"""

from __future__ import annotations

import email
import email.policy
import http.client
import io
import mailbox
import os
import re
import sys
import time
from contextlib import contextmanager
from urllib.parse import urlsplit

import zxingcpp
from PIL import Image
from playwright.sync_api import Page, expect, sync_playwright

# Who walks through it: an agency that starts unlinked in the demo data, its eligible TikTok
# account, and a creator of its market with a login and an e-mail (accounts/demo.py,
# linking/demo.py, creators/demo.py).
AGENCY_STAFF = "tap_staff"
AGENCY_NAME = "Shoplift Affiliates"
AGENCY_TIKTOK = "shoplift.uk"
AGENCY_LABEL = "TikTok Shop Affiliate Partner"
CREATOR = "creator2"
CREATOR_HANDLE = "kofi.cooks"
CREATOR_EMAIL = "creator2@creators.example"
DEMO_PASSWORD = "demo-pass-2026"
TIKTOK_PASSWORD = "tiktok-pass-2026"

SITE_URL = os.environ["SMOKE_SITE_URL"]  # https, through the TLS proxy; the app's SITE_URL
HTTP_URL = os.environ["SMOKE_HTTP_URL"]  # the proxy's plain-HTTP side
HOST = os.environ["SMOKE_HOST"]
MAILDIR = os.environ["SMOKE_MAILDIR"]
ARTIFACTS = os.environ["SMOKE_ARTIFACTS"]
FROM_EMAIL = os.environ["SMOKE_FROM_EMAIL"]
CHROMIUM = "/usr/bin/chromium"
TIMEOUT_MS = 15_000
MAIL_TIMEOUT_S = 45

STARTED = time.monotonic()
pages: dict[str, Page] = {}


class SmokeFailure(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


@contextmanager
def step(title: str):
    began = time.monotonic()
    print(f"smoke.py [{began - STARTED:5.1f}s] {title}", flush=True)
    try:
        yield
    except Exception as error:
        raise SmokeFailure(f"{title}: {error}") from error
    print(f"smoke.py           ok in {time.monotonic() - began:.1f}s", flush=True)


def main() -> int:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            # The site's name resolves to the proxy on loopback, as DNS would point at it.
            args=[f"--host-resolver-rules=MAP {HOST} 127.0.0.1", "--no-sandbox", "--disable-gpu"],
        )
        expect.set_options(timeout=TIMEOUT_MS)
        try:
            journey(browser, playwright.devices["Pixel 7"])
        except Exception as error:
            report_failure(error)
            return 1
        finally:
            browser.close()
    print(f"smoke.py [{time.monotonic() - STARTED:5.1f}s] the journey passed", flush=True)
    return 0


def new_page(browser, name: str, **options) -> Page:
    context = browser.new_context(base_url=SITE_URL, ignore_https_errors=True, **options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.on("response", lambda r: r.status >= 500 and server_errors.append(f"{r.status} {r.url}"))
    page.on("console", lambda m: m.type == "error" and console_errors.append(f"{name}: {m.text}"))
    pages[name] = page
    return page


server_errors: list[str] = []
console_errors: list[str] = []


def journey(browser, phone_device: dict) -> None:
    with step("plain HTTP is redirected to https"):
        status, location = plain_http_get("/login/")
        check(status == 301, f"http://…/login/ answered {status}, not a redirect to https")
        check(location.startswith(f"https://{HOST}"), f"redirected to {location!r}")

    pc = new_page(browser, "partner-center")
    with step(f"{AGENCY_STAFF} logs in to Partner Center over https"):
        response = pc.goto("/login/")
        check(response.ok, f"/login/ answered {response.status}")
        hsts = response.headers.get("strict-transport-security", "")
        check("max-age=" in hsts, f"no HSTS header on https (got {hsts!r})")
        log_in(pc, AGENCY_STAFF)
        expect(nav(pc)).to_be_visible()
        cookies = {c["name"]: c for c in pc.context.cookies()}
        check("sessionid" in cookies, f"no session cookie; cookies: {sorted(cookies)}")
        for name in ("sessionid", "csrftoken"):
            check(cookies[name]["secure"], f"the {name} cookie is not Secure")
        stylesheet = pc.locator('link[rel="stylesheet"]').first.get_attribute("href")
        check(
            re.search(r"\.[0-9a-f]{12}\.css$", stylesheet) is not None,
            f"the stylesheet is not served from the hashed manifest: {stylesheet}",
        )
        status = pc.evaluate("href => fetch(href).then(r => r.status)", stylesheet)
        check(status == 200, f"{stylesheet} answered {status}")

    # The phone logs in first, so that the QR code is scanned as soon as it is decoded: it rotates.
    phone = new_page(browser, "tiktok-phone", **phone_device)
    with step(f"on a phone, @{AGENCY_TIKTOK} logs in to the TikTok app"):
        phone.goto("/tiktok/login/")
        phone.get_by_label("Handle").fill(AGENCY_TIKTOK)
        phone.get_by_label("Password").fill(TIKTOK_PASSWORD)
        phone.get_by_role("button", name="Log in").tap()
        expect(phone.get_by_role("heading", name="Log in to TikTok")).to_have_count(0)

    with step("My Account → Profile → Link TikTok Account → Get Started shows a QR code"):
        nav(pc).get_by_role("link", name="Profile").click()
        expect(pc.get_by_role("heading", name="Profile", exact=True)).to_be_visible()
        pc.get_by_role("link", name="Link TikTok Account").click()
        pc.get_by_role("button", name="Get Started").click()
        expect(pc.get_by_text("Waiting for scan")).to_be_visible()
        qr_url = decode_qr(pc)
        check(
            qr_url.startswith(f"{SITE_URL}/tiktok/"),
            f"the QR code encodes {qr_url!r}, not an address of SITE_URL {SITE_URL}",
        )
        demo_link = pc.get_by_role("link", name="Open in the simulated TikTok app")
        check(demo_link.get_attribute("href") == qr_url, "the QR code and its link differ")
        pc.evaluate("window.notReloaded = true")

    with step("the phone scans it: Profile → Menu → My QR code → the decoded link"):
        phone.goto("/tiktok/me/")
        phone.get_by_label("Menu").tap()
        phone.get_by_role("link", name="My QR code").tap()
        phone.get_by_label("Scanned link").fill(qr_url)
        phone.get_by_role("button", name="Open").tap()
        expect(
            phone.get_by_role("heading", name=f"{AGENCY_NAME} asks to link your TikTok account")
        ).to_be_visible()
        # Opening the code tells the agency nothing; the tap on Continue is the scan.
        expect(pc.get_by_text("Waiting for scan")).to_be_visible()
        phone.get_by_role("button", name="Continue").tap()
        expect(
            phone.get_by_role("heading", name=f"Link your account to {AGENCY_NAME}?")
        ).to_be_visible()
        expect(pc.get_by_text(f"Scanned by @{AGENCY_TIKTOK}")).to_be_visible()

    with step("Connect Now: the Partner Center page turns to linked without a reload"):
        phone.get_by_role("button", name="Connect Now").tap()
        expect(phone.get_by_role("heading", name=f"You're linked to {AGENCY_NAME}")).to_be_visible()
        linked = pc.get_by_role("region", name="TikTok account linked")
        expect(linked).to_contain_text(f"@{AGENCY_TIKTOK}")
        expect(linked).to_contain_text(AGENCY_LABEL)
        check(pc.evaluate("window.notReloaded") is True, "the page was reloaded")

    with step(f"Find Creators → invite @{CREATOR_HANDLE} with the TikTok profile attached"):
        nav(pc).get_by_role("link", name="Find Creators").click()
        pc.get_by_label("Search handle or name").fill(CREATOR_HANDLE)
        results = pc.locator("#results")
        expect(results).to_contain_text("1 creator matches.")
        results.get_by_label(re.compile(f"@{re.escape(CREATOR_HANDLE)}")).check()
        results.get_by_role("button", name="Invite").click()
        expect(pc.get_by_role("heading", name="1 creator selected")).to_be_visible()
        attach = pc.get_by_label("Attach TikTok profile")
        expect(attach).to_be_enabled()
        attach.check()
        pc.get_by_label("Message").fill("A production smoke invitation: try our kitchen range?")
        # Shoplift is TAP only: its one purpose, product distribution, comes chosen.
        expect(pc.get_by_role("radio").first).to_be_checked()
        pc.get_by_label("E-mail").fill("partners@shoplift.example")
        pc.get_by_role("button", name="Send invitations").click()
        expect(pc.get_by_text("Invited 1 creator.")).to_be_visible()

    with step(f"the worker's e-mail to {CREATOR_EMAIL} reaches the SMTP server"):
        message = wait_for_mail(CREATOR_EMAIL, f"{AGENCY_NAME} sent you an invitation")
        check(message["From"] == FROM_EMAIL, f"sent from {message['From']!r}, not {FROM_EMAIL!r}")
        body = message.get_body(("plain",)).get_content()
        links = re.findall(r"https?://\S+", body)
        check(bool(links), f"no link in the e-mail:\n{body}")
        invitation_url = links[-1]
        check(
            re.fullmatch(rf"{re.escape(SITE_URL)}/creator/invitations/[0-9a-f-]+/", invitation_url)
            is not None,
            f"the e-mail links to {invitation_url!r}, not an invitation on {SITE_URL}",
        )

    creator = new_page(browser, "creator")
    with step(f"{CREATOR} opens the e-mail's link, logs in, and sees the agency's card"):
        creator.goto(invitation_url)
        expect(creator.get_by_role("heading", name="Log in")).to_be_visible()
        log_in(creator, CREATOR)
        expect(creator).to_have_url(invitation_url)
        expect(
            creator.get_by_role("heading", name=f"Invitation from {AGENCY_NAME}")
        ).to_be_visible()
        card = creator.get_by_role("region", name="Agency TikTok profile")
        expect(card).to_contain_text(f"@{AGENCY_TIKTOK}")
        expect(card).to_contain_text(AGENCY_LABEL)

    with step("no page answered 5xx and the browser logged no errors"):
        check(not server_errors, f"server errors: {server_errors}")
        check(not console_errors, f"console errors: {console_errors}")

    with step("no log holds the QR code's token (it travels in the URL's fragment and in bodies)"):
        token = urlsplit(qr_url).fragment.removeprefix("t=")
        check(len(token) == 43, f"the QR code's URL carries no token: {qr_url!r}")
        logs = [n for n in os.listdir(ARTIFACTS) if n.endswith(".log")]
        check("nginx.log" in logs, f"no access log among {logs}")
        for name in logs:
            with open(os.path.join(ARTIFACTS, name), encoding="utf-8", errors="replace") as log:
                check(token not in log.read(), f"{name} records the QR code's token")


def nav(page: Page):
    return page.get_by_role("navigation", name="Partner Center")


def log_in(page: Page, username: str) -> None:
    """Fill in the Partner Center log in form the page is on."""
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Log in")).to_have_count(0)


def decode_qr(page: Page) -> str:
    png = page.get_by_test_id("link-qr").screenshot()
    decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]
    check(len(decoded) == 1, f"expected one QR code on the page, decoded {decoded!r}")
    return decoded[0]


def plain_http_get(path: str) -> tuple[int, str]:
    """A request to the proxy's plain-HTTP side, as a browser typing the address would send."""
    url = urlsplit(HTTP_URL)
    connection = http.client.HTTPConnection("127.0.0.1", url.port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": url.netloc})
        response = connection.getresponse()
        return response.status, response.getheader("Location", "")
    finally:
        connection.close()


def wait_for_mail(recipient: str, subject: str) -> email.message.EmailMessage:
    deadline = time.monotonic() + MAIL_TIMEOUT_S
    seen: list[str] = []
    while time.monotonic() < deadline:
        seen = []
        if os.path.isdir(MAILDIR):
            box = mailbox.Maildir(MAILDIR, create=False)
            for key in box.iterkeys():
                message = email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
                seen.append(f"{message['To']}: {message['Subject']}")
                if recipient in message["To"] and subject in message["Subject"]:
                    return message
        time.sleep(0.5)
    raise SmokeFailure(
        f"no e-mail to {recipient} about {subject!r} within {MAIL_TIMEOUT_S} s; "
        f"the SMTP server has {seen or 'nothing'} (see worker.log)"
    )


def report_failure(error: Exception) -> None:
    print(f"\nsmoke.py: FAILED: {error}", flush=True)
    for name, page in pages.items():
        print(f"\n--- {name}: {page.url}", flush=True)
        try:
            path = os.path.join(ARTIFACTS, f"{name}.png")
            page.screenshot(path=path, full_page=True)
            print(page.locator("body").inner_text(timeout=2_000)[:3_000], flush=True)
            print(f"(screenshot: {path})", flush=True)
        except Exception as screenshot_error:
            print(f"(could not capture the page: {screenshot_error})", flush=True)
    if server_errors:
        print(f"\nserver errors: {server_errors}", flush=True)
    if console_errors:
        print(f"console errors: {console_errors}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
