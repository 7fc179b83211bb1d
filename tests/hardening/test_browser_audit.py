"""Every page of every role, in a real browser: axe-core finds no serious or critical
accessibility problem, the Content Security Policy blocks nothing (so nothing relies on inline
script or style), every HTML response carries a strict policy, and markup typed into a TikTok
display name or bio, an invitation message, a campaign name or a partner name shows as text
and never runs.

Each role has one test with one browser context that walks its pages; problems are collected
page by page and reported together, so one run names everything that needs fixing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Notification
from accounts.notifications import notification_send
from creators.models import BulkInviteJob, Proposal
from linking import services as linking_services
from linking.models import LinkSession, UnlinkRequest
from tests import factories
from tiktok.models import TikTokAccount

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "<script>alert(1)</script>"

# Reported to Python from the page, so violations survive navigation.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.reportCspViolation(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`
  );
});
"""

_axe = Axe()
AXE_OPTIONS = {"resultTypes": ["violations", "incomplete"]}
# axe only asks for a review of an aria-describedby pointing at no element, since a script
# might add it later. None of ours does, so on our pages it is a broken reference; the admin's
# date fields do point at a time-zone warning its script adds when the browser's zone differs.
STRICT_WHEN_INCOMPLETE = {"aria-valid-attr-value"}


@dataclass
class Audit:
    """One browser context of one role, and what went wrong on its pages."""

    page: object
    base_url: str
    problems: list[str] = field(default_factory=list)
    responses: list = field(default_factory=list)
    nonces: set[str] = field(default_factory=set)
    pages_seen: int = 0

    def goto(self, path: str, name: str | None = None, *, status: int = 200):
        response = self.page.goto(self.base_url + path)
        assert response.status == status, f"{path}: HTTP {response.status}, expected {status}"
        self.check(name or path)
        return response

    def check(self, name: str) -> None:
        """Audit the page as it is now: axe, then the responses that built it."""
        self.page.wait_for_load_state()
        self.pages_seen += 1
        # Closed disclosures and menus hide content from axe; open them all.
        self.page.locator("details").evaluate_all("all => all.forEach(d => (d.open = true))")
        results = _axe.run(self.page, options=AXE_OPTIONS).response
        ours = not self.page.url.startswith(f"{self.base_url}/admin/")
        unsure = [r for r in results["incomplete"] if ours and r["id"] in STRICT_WHEN_INCOMPLETE]
        for violation in results["violations"] + unsure:
            if violation["impact"] in ("serious", "critical"):
                targets = [", ".join(node["target"]) for node in violation["nodes"]][:3]
                self.problems.append(
                    f"{name}: axe {violation['id']} ({violation['impact']}) "
                    f"{violation['help']} at {targets}"
                )
        self._check_headers(name)

    def _check_headers(self, name: str) -> None:
        responses, self.responses = self.responses, []
        for response in responses:
            headers = response.all_headers()
            if not headers.get("content-type", "").startswith("text/html"):
                continue
            policy = _directives(headers.get("content-security-policy", ""))
            where = f"{name}: {response.request.method} {response.url}"
            if not policy:
                self.problems.append(f"{where} has no Content-Security-Policy")
                continue
            for directive, sources in policy.items():
                if not directive.startswith(("default-src", "script-src", "style-src")):
                    continue
                extra = {s for s in sources if s != "'self'" and not s.startswith("'nonce-")}
                if extra:
                    self.problems.append(f"{where}: {directive} allows {sorted(extra)}")
            nonces = [s for s in policy.get("script-src", []) if s.startswith("'nonce-")]
            if _is_full_page(response) and not nonces:
                self.problems.append(f"{where}: a full page without a script nonce")
            for nonce in nonces:
                if nonce in self.nonces:
                    self.problems.append(f"{where}: the nonce {nonce} was used before")
                self.nonces.add(nonce)

    def assert_clean(self) -> None:
        assert self.pages_seen
        assert self.nonces, "no page carried a script nonce"
        assert self.problems == [], "\n".join(self.problems)


def _directives(header: str) -> dict[str, list[str]]:
    policy = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            policy[words[0]] = words[1:]
    return policy


def _is_full_page(response) -> bool:
    """Full pages, error pages too, load their scripts with a nonce (ours htmx, Django 6.1's
    admin its own); redirects have no body, and htmx fragments are swapped into a page that
    already has its policy."""
    is_redirect = 300 <= response.status < 400
    return not is_redirect and response.request.headers.get("hx-request") != "true"


@pytest.fixture
def audit_for(browser, live_server, settings):
    """audit_for(role) -> an Audit with its own browser context."""
    settings.SITE_URL = live_server.url
    contexts = []

    def audit_for(role: str) -> Audit:
        context = browser.new_context(base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        audit = Audit(page=page, base_url=live_server.url)
        context.expose_function(
            "reportCspViolation", lambda text: audit.problems.append(f"{role}: CSP {text}")
        )
        context.add_init_script(CSP_LISTENER)
        page.on(
            "console",
            lambda m: (
                "Content Security Policy" in m.text
                and audit.problems.append(f"{role}: console {m.text}")
            ),
        )
        page.on("dialog", lambda dialog: _refuse(dialog, audit, role))
        page.on("response", lambda r: audit.responses.append(r))
        return audit

    yield audit_for
    for context in contexts:
        context.close()


def _refuse(dialog, audit: Audit, role: str) -> None:
    """A page that alerts has run someone's script; dismiss it, or the page hangs."""
    audit.problems.append(f"{role}: a dialog said {dialog.message!r}")
    dialog.dismiss()


def assert_inert(page) -> None:
    """Markup typed by users is on the page as text, and none of it became elements."""
    assert page.locator('img[src="x"]').count() == 0
    scripts = page.locator("script").evaluate_all("all => all.map(s => s.textContent)")
    assert not any("alert(1)" in text for text in scripts)


def tiktok_log_in(page, handle: str) -> None:
    page.goto("/tiktok/login/")
    page.get_by_label("Handle").fill(handle)
    page.get_by_label("Password").fill(factories.TIKTOK_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def test_it_catches_blocked_markup_dialogs_and_inaccessible_pages(audit_for, db):
    """Without this, a listener that never fires would pass every page."""
    audit = audit_for("anonymous")
    audit.goto("/login/", "login")
    assert audit.problems == []
    audit.page.evaluate(
        """() => {
          const main = document.querySelector("main");
          main.insertAdjacentHTML("beforeend", '<p style="color: #eee">pale</p>');
          main.insertAdjacentHTML("beforeend", '<img src="/static/favicon.svg">');
          const script = document.createElement("script");
          script.textContent = "window.ran = true";
          document.body.append(script);
        }"""
    )
    audit.check("login, tampered")
    found = "\n".join(audit.problems)
    assert "CSP style-src-attr blocked inline" in found
    assert "CSP script-src-elem blocked inline" in found
    assert "axe image-alt (critical)" in found
    audit.page.evaluate("alert('xss')")  # returns once the listener has dismissed it
    assert "anonymous: a dialog said 'xss'" in audit.problems
    assert audit.page.evaluate("window.ran") is None

    lax = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src-attr 'unsafe-inline'"
    audit.responses.append(
        SimpleNamespace(
            all_headers=lambda: {"content-type": "text/html", "content-security-policy": lax},
            status=200,
            url=f"{audit.base_url}/lax/",
            request=SimpleNamespace(method="GET", headers={}),
        )
    )
    audit.check("a lax policy")
    found = "\n".join(audit.problems)
    assert "script-src allows [\"'unsafe-inline'\"]" in found
    assert "style-src-attr allows [\"'unsafe-inline'\"]" in found
    assert "/lax/: a full page without a script nonce" in found


# --- The world --------------------------------------------------------------------------------


@pytest.fixture
def world(db):
    """A partner with staff, creators, proposals in every state, campaigns, a seller, an
    account manager, and markup in every free-text field users can fill."""
    now = timezone.now()
    manager = factories.AccountManagerFactory(username="manager")
    partner = factories.PartnerFactory(name="Northstar Creators", account_manager=manager)
    staff = factories.MembershipFactory(partner=partner, user__username="staff").user
    quiet_staff = factories.MembershipFactory(user__username="quiet").user
    agency = factories.TikTokAccountFactory(
        handle="north.hq", display_name=XSS_IMG, bio=f"{XSS_SCRIPT} {XSS_IMG}"
    )

    creator = factories.CreatorFactory(
        user__username="creator",
        tiktok_account__handle="ana.glow",
        tiktok_account__display_name=f"A {XSS_SCRIPT}",
    )
    others = [
        factories.CreatorFactory(category=category, sales_30d=sales)
        for category, sales in [("beauty", 120_000), ("food", 3_000), ("beauty", 40)]
    ]
    invitation = factories.InvitationFactory(
        partner=partner,
        creator=creator,
        sent_by=staff,
        attach_profile=True,
        message=f"Hi! {XSS_SCRIPT} {XSS_IMG}",
        products=f"Glow serum\n{XSS_IMG}",
    )
    factories.InvitationFactory(
        partner=partner,
        creator=creator,
        sent_by=staff,
        status=Proposal.Status.ACCEPTED,
        answered_at=now - timedelta(days=2),
        created_at=now - timedelta(days=3),
    )
    binding_request = factories.BindingRequestFactory(
        partner=partner, creator=creator, sent_by=staff, attach_profile=True, message=XSS_IMG
    )
    for status, who in zip(
        ["accepted", "declined", "expired", "cancelled", "pending"],
        others + [others[0]] * 2,
        strict=True,
    ):
        factories.BindingRequestFactory(
            partner=partner,
            creator=who,
            sent_by=staff,
            status=status,
            answered_at=now if status in ("accepted", "declined") else None,
            created_at=now - timedelta(days=9),
            expires_at=now - timedelta(days=2) if status == "expired" else now + timedelta(days=5),
            # The same creator is asked again (pending): their earlier link has ended.
            **({"end_reason": "unlinked", "ended_at": now} if status == "accepted" else {}),
        )
    # A second page everywhere a list is paginated.
    crowd = factories.CreatorFactory.create_batch(21, category="food")
    for someone in crowd:
        factories.BindingRequestFactory(
            partner=partner, creator=someone, sent_by=staff, status="accepted", answered_at=now
        )
        factories.InvitationFactory(
            partner=partner,
            creator=creator,
            sent_by=staff,
            status="declined",
            answered_at=now - timedelta(days=20),
            created_at=now - timedelta(days=21),
        )
    factories.CampaignFactory.create_batch(21, partner=partner, created_by=staff)
    job = BulkInviteJob.objects.create(
        partner=partner,
        created_by=staff,
        contact_email="team@agency.example",
        creator_ids=[c.pk for c in others],
        status=BulkInviteJob.Status.RUNNING,
        total=300,
        processed=120,
        invited=118,
        skipped=2,
    )

    campaign = factories.CampaignFactory(
        partner=partner,
        created_by=staff,
        name=f"Summer {XSS_IMG}",
        description=f"{XSS_SCRIPT} Sell more",
        attach_profile=True,
        # First on both lists: the newest, and the first to close.
        registration_starts_at=now - timedelta(hours=1),
        registration_ends_at=now + timedelta(days=2),
    )
    ongoing = factories.CampaignFactory(
        partner=partner,
        created_by=staff,
        name="Spring sale",
        registration_starts_at=now - timedelta(days=20),
        registration_ends_at=now - timedelta(days=10),
        ends_at=now + timedelta(days=5),
    )
    ready = factories.CampaignFactory(
        partner=partner,
        created_by=staff,
        name=f"Autumn {XSS_IMG}",
        description=f"{XSS_SCRIPT} Not yet",
        published_at=None,
        registration_starts_at=now + timedelta(days=3),
        registration_ends_at=now + timedelta(days=9),
    )
    seller = factories.SellerFactory(user__username="seller", shop_name="Glow Shop")
    factories.RegisteredProductFactory(campaign=ongoing, seller=seller, product_name="Glow Serum")

    return SimpleNamespace(
        partner=partner,
        staff=staff,
        crowd=crowd,
        quiet_staff=quiet_staff,
        manager=manager,
        agency=agency,
        creator=creator,
        others=others,
        invitation=invitation,
        binding_request=binding_request,
        job=job,
        campaign=campaign,
        ongoing=ongoing,
        ready=ready,
        seller=seller,
    )


def _link(world) -> None:
    factories.TikTokLinkFactory(
        partner=world.partner, tiktok_account=world.agency, linked_by=world.staff
    )


# --- Partner Center staff ---------------------------------------------------------------------


def test_it_audits_every_partner_center_page(audit_for, log_in, world, settings):
    audit = audit_for("staff")
    page = audit.page
    log_in(page, "staff")
    audit.check("home")

    audit.goto("/account/profile/", "Profile, unlinked")
    audit.goto("/account/link/", "link start")
    page.get_by_role("button", name="Get Started").click()
    expect(page.get_by_text("Waiting for scan")).to_be_visible()
    audit.check("link session with QR")

    codes = [c.code for c in world.others[:2]] + [world.creator.code]
    invite_url = "/creators/invite/?" + "&".join(f"creators={code}" for code in codes)
    audit.goto(invite_url, "invite, unlinked")
    audit.goto("/creators/partnerships/add/", "Add New Creator, unlinked")
    audit.goto("/campaigns/new/", "Create Campaign, unlinked")

    # Every state the session page shows; a partner has at most one open session.
    soon, gone = timezone.now() + timedelta(minutes=5), timezone.now() - timedelta(minutes=1)
    Reason = LinkSession.FailureReason
    for status, reasons, expires_at in [
        (LinkSession.Status.FAILED, [Reason.UNDER_18, Reason.VIOLATION_HISTORY], soon),
        (LinkSession.Status.CANCELLED, [], soon),
        (LinkSession.Status.REJECTED, [], soon),
        (LinkSession.Status.SUPERSEDED, [], soon),
        (LinkSession.Status.PENDING, [], gone),
        (LinkSession.Status.SCANNED, [Reason.BUSINESS_ACCOUNT], soon),
    ]:
        LinkSession.objects.filter(
            partner=world.partner, status__in=LinkSession.OPEN_STATUSES
        ).update(status=LinkSession.Status.CANCELLED)
        session = factories.LinkSessionFactory(
            partner=world.partner,
            started_by=world.staff,
            status=status,
            failure_reasons=reasons,
            tiktok_account=world.agency,
            expires_at=expires_at,
        )
        audit.goto(f"/account/link/{session.code}/", f"link session, {session.current_status}")
    LinkSession.objects.filter(pk=session.pk).update(status=LinkSession.Status.LINKED)
    _link(world)
    audit.goto(f"/account/link/{session.code}/", "link session, linked")
    expect(page.get_by_role("region", name="TikTok account linked")).to_contain_text(XSS_IMG)
    assert_inert(page)

    audit.goto("/account/profile/", "Profile, linked")
    expect(page.get_by_text(XSS_IMG).first).to_be_visible()
    assert_inert(page)
    page.locator("details.unlink-request").evaluate("d => (d.open = true)")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("This field is required.")).to_be_visible()
    audit.check("Profile, unlink request without a reason")
    page.get_by_label("Change to another account").check()
    page.get_by_label("Reason").fill(f"We rebranded {XSS_IMG}")
    page.get_by_label("Handle wanted instead").fill("@north.new")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("waiting for your account manager")).to_be_visible()
    audit.check("Profile, unlink request waiting")
    audit.goto("/account/link/", "link start, linked")
    expect(page.get_by_text(XSS_IMG).first).to_be_visible()
    assert_inert(page)

    audit.goto("/creators/find/", "Find Creators")
    page.get_by_label("Search handle or name").fill(world.creator.tiktok_account.handle)
    expect(page.locator("#results")).to_contain_text("1 creator matches.")
    expect(page.locator("#results").get_by_text(XSS_SCRIPT)).to_be_visible()
    page.locator("#results").get_by_label(re.compile("@ana.glow")).check()
    audit.check("Find Creators, searched in place, one picked")
    assert_inert(page)
    audit.goto("/creators/find/?page=2", "Find Creators, page 2")
    audit.goto(
        "/creators/find/?category=beauty&followers_min=1000&sales_min=10&sales_max=x",
        "Find Creators, filtered, one filter ignored",
    )
    audit.goto("/creators/find/?q=zzzz-nobody", "Find Creators, no match")
    audit.goto("/creators/find/", "Find Creators, before an impossible range")
    page.get_by_label("Followers from").fill("1000")
    page.get_by_label("Followers to").fill("10")
    expect(page.locator("#id_followers_min_error")).to_contain_text("above the maximum")
    audit.check("Find Creators, an impossible range explained in place")
    audit.goto(invite_url, "invite, linked")
    expect(page.get_by_label("Attach TikTok profile")).to_be_enabled()
    page.get_by_label("E-mail").fill("not an e-mail")
    page.get_by_role("button", name="Send invitations").click()
    audit.check("invite, with errors")
    audit.goto(f"/creators/invite/jobs/{world.job.code}/", "bulk invite job")
    BulkInviteJob.objects.filter(pk=world.job.pk).update(
        status=BulkInviteJob.Status.DONE, processed=300, invited=298
    )
    expect(page.get_by_role("heading", name="Done")).to_be_visible()
    audit.check("bulk invite job, done in place")
    audit.goto(f"/creators/c/{world.creator.code}/", "a creator's page")
    expect(page.get_by_text(XSS_SCRIPT).first).to_be_visible()
    assert_inert(page)
    audit.goto("/creators/invitations/", "Invitation history")
    page.get_by_label("Status").select_option(label="Not interested")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile("status=declined"))
    audit.check("Invitation history, filtered in place")
    audit.goto(
        "/creators/invitations/?sent_to=9999-12-31", "Invitation history, a bad date", status=400
    )
    audit.goto(f"/creators/invitations/{world.invitation.code}/", "an invitation's page")
    assert_inert(page)

    for tab, someone in [
        ("linked", world.crowd[-1]),
        ("link_requested", world.creator),
        ("not_linked", world.others[1]),  # declined
        ("not_linked", world.others[2]),  # request expired
        ("not_linked", world.others[0]),  # cancelled, and an earlier link unlinked
    ]:
        audit.goto(f"/creators/partnerships/?tab={tab}", f"Manage Partnerships, {tab}")
        handle = f"@{someone.tiktok_account.handle}"
        names = page.get_by_role("table").locator("strong")
        expect(names.get_by_text(handle, exact=True).first).to_be_visible()
    audit.goto("/creators/partnerships/?tab=link_requested", "Manage Partnerships, link requested")
    page.get_by_role("link", name=re.compile("^Cancel request to")).first.click()
    expect(page.get_by_role("button", name="Cancel request")).to_be_visible()
    audit.check("Manage Partnerships, Cancel's question in place")
    audit.goto(
        f"/creators/partnerships/requests/{world.binding_request.code}/cancel/", "Cancel's page"
    )
    audit.goto("/creators/partnerships/?page=2", "Manage Partnerships, page 2")
    audit.goto("/creators/partnerships/add/", "Add New Creator, linked")
    page.get_by_role("button", name=re.compile("Send")).click()
    audit.check("Add New Creator, with errors")

    audit.goto("/campaigns/", "campaign list")
    assert_inert(page)
    audit.goto("/campaigns/?status=ongoing", "campaign list, ongoing")
    audit.goto("/campaigns/?status=closed", "campaign list, none closed")
    audit.goto("/campaigns/?status=ready", "campaign list, ready")
    audit.goto("/campaigns/new/", "Create Campaign, linked")
    page.get_by_role("button", name=re.compile("Create")).click()
    audit.check("Create Campaign, with errors")
    audit.goto(f"/campaigns/{world.campaign.code}/", "campaign detail")
    expect(page.get_by_text(XSS_IMG).first).to_be_visible()
    assert_inert(page)
    audit.goto(f"/campaigns/{world.ready.code}/", "campaign detail, ready")
    audit.goto(f"/campaigns/{world.ready.code}/edit/", "Edit Campaign")
    audit.goto(f"/campaigns/{world.ready.code}/delete/", "Delete campaign, asked")
    audit.goto(f"/campaigns/{world.ongoing.code}/", "campaign detail, products to review")
    page.get_by_text("Reject…").first.click()
    audit.check("campaign detail, reject form open")
    page.get_by_role("button", name="Approve Glow Serum").click()
    audit.check("campaign detail, product approved")

    audit.goto("/insights/", "Insights with data")
    expect(page.get_by_role("img", name=re.compile("acceptance rate")).first).to_be_visible()

    audit.goto("/notifications/", "notifications, none")
    for n in range(21):
        notification_send(
            partner=world.partner,
            kind=Notification.Kind.INVITATION_ANSWERED,
            text=f"@ana.glow ({XSS_IMG}) accepted your invitation #{n}.",
            url="/creators/find/?q=ana.glow",
        )
    audit.goto("/notifications/", "notifications, unread")
    expect(page.get_by_text(XSS_IMG).first).to_be_visible()
    assert_inert(page)
    page.get_by_role("button", name=re.compile("^Mark as read")).first.click()
    expect(page.get_by_text("20 unread", exact=True)).to_be_visible()
    audit.check("notifications, one marked read in place")
    audit.goto("/notifications/?page=2", "notifications, page 2")
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_text("All read", exact=True)).to_be_visible()
    audit.check("notifications, all marked read in place")
    audit.goto("/notifications/settings/", "notification settings")
    page.get_by_label("Invitation answered").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your notification settings are saved.")).to_be_visible()
    audit.check("notification settings, saved")
    audit.goto("/404-for-staff/", "404", status=404)
    assert_inert(page)
    settings.LINK_STATUS_POLL_RATE = "0/m"
    audit.goto(f"/account/link/{session.code}/status/", "429", status=429)
    audit.assert_clean()


def test_it_audits_insights_with_nothing_to_compare(audit_for, log_in, world):
    audit = audit_for("quiet staff")
    log_in(audit.page, "quiet")
    audit.goto("/insights/", "Insights, empty")
    expect(audit.page.get_by_role("heading", name="Nothing to compare yet")).to_be_visible()
    audit.assert_clean()


# --- Creators and sellers ---------------------------------------------------------------------


def test_it_audits_the_creator_pages(audit_for, log_in, world):
    _link(world)
    audit = audit_for("creator")
    page = audit.page
    log_in(page, "creator")
    audit.check("creator inbox")
    assert_inert(page)

    audit.goto(f"/creator/invitations/{world.invitation.code}/", "invitation")
    card = page.get_by_role("region", name="Agency TikTok profile")
    expect(card).to_contain_text(XSS_IMG)
    expect(page.get_by_text(XSS_SCRIPT).first).to_be_visible()
    assert_inert(page)

    page.get_by_role("button", name="I'm interested").click()
    audit.check("invitation, accepted")
    audit.goto("/creator/?page=2", "creator inbox, page 2")

    audit.goto(f"/creator/requests/{world.binding_request.code}/", "binding request")
    expect(page.get_by_role("region", name="Agency TikTok profile")).to_be_visible()
    assert_inert(page)
    page.get_by_role("link", name="Decline").click()
    expect(
        page.get_by_role("heading", name=re.compile("^Decline this account linking request"))
    ).to_be_focused()
    audit.check("binding request, Decline's question in place")
    audit.goto(f"/creator/requests/{world.binding_request.code}/decline/", "Decline's own page")
    page.get_by_role("button", name="Decline").click()
    audit.check("binding request, declined")

    audit.goto("/account/profile/", "403 for a creator", status=403)
    audit.assert_clean()


def test_it_audits_the_seller_pages(audit_for, log_in, world):
    _link(world)
    audit = audit_for("seller")
    page = audit.page
    log_in(page, "seller")
    audit.check("seller campaigns")
    expect(page.get_by_text(XSS_IMG).first).to_be_visible()
    assert_inert(page)

    audit.goto("/seller/?page=2", "seller campaigns, page 2")
    audit.goto("/seller/?q=Summer&category=nonsense", "seller campaigns, bad filter", status=400)

    audit.goto(f"/seller/campaigns/{world.campaign.code}/", "Campaign Details")
    expect(page.get_by_role("link", name="@north.hq")).to_be_visible()
    expect(page.get_by_text(XSS_SCRIPT).first).to_be_visible()
    assert_inert(page)
    page.get_by_role("button", name="Register product").click()
    audit.check("Campaign Details, product form with errors")
    page.get_by_label("Product name").fill("Glow Serum")
    page.get_by_label("Price").fill("19.90")
    page.get_by_label("Commission offered (%)").fill("15")
    page.get_by_role("button", name="Register product").click()
    audit.check("Campaign Details, product registered")
    audit.goto("/seller/registrations/", "My products")
    audit.assert_clean()


# --- The TikTok app ---------------------------------------------------------------------------


def _open_code(audit: Audit, token: str, name: str) -> None:
    """Open a link code's URL, as the camera does: its screen posts the token by itself."""
    audit.page.goto(f"{audit.base_url}/tiktok/scan/#t={token}")
    expect(audit.page.get_by_role("heading", name=re.compile("asks to link"))).to_be_visible()
    audit.check(name)


def test_it_audits_the_tiktok_app(audit_for, world):
    _link(world)
    rival = factories.PartnerFactory(name=f"Rival {XSS_SCRIPT}", is_cap=False)
    rival_staff = factories.MembershipFactory(partner=rival).user
    business = factories.TikTokAccountFactory(
        handle="shop.biz", account_type=TikTokAccount.AccountType.BUSINESS
    )
    eligible = factories.TikTokAccountFactory(handle="fresh.face")
    minor = factories.TikTokAccountFactory(
        handle="young.one", birth_date=date.today() - timedelta(days=365 * 15)
    )
    audit = audit_for("tiktok")
    page = audit.page

    audit.goto("/tiktok/", "TikTok home")
    audit.goto("/tiktok/login/", "TikTok log in")
    page.get_by_role("button", name="Log in").click()
    audit.check("TikTok log in, with errors")
    audit.goto("/tiktok/signup/", "TikTok sign up")
    page.get_by_role("button", name=re.compile("Sign up")).click()
    audit.check("TikTok sign up, with errors")
    audit.goto("/tiktok/@north.hq/", "public profile with badge")
    expect(page.get_by_text("Creator Agency Partner")).to_be_visible()
    expect(page.get_by_text(XSS_IMG).first).to_be_visible()
    expect(page.get_by_text(XSS_SCRIPT).first).to_be_visible()
    assert_inert(page)

    tiktok_log_in(page, business.handle)
    audit.check("own profile")
    audit.goto("/tiktok/me/qr/", "My QR code and scanner")
    page.get_by_role("button", name="Open").click()
    audit.check("scanner, nothing scanned")
    audit.goto("/tiktok/settings/", "Settings and privacy")
    audit.goto("/tiktok/settings/account/", "Account settings")
    audit.goto("/tiktok/inbox/", "Inbox, empty")

    _, token = linking_services.link_session_start(partner=rival, started_by=rival_staff)
    _open_code(audit, token, "scan screen")
    expect(page.get_by_text(XSS_SCRIPT).first).to_be_visible()
    assert_inert(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name=re.compile("Link your account to"))).to_be_visible()
    audit.check("confirmation screen")
    expect(page.get_by_text(XSS_SCRIPT).first).to_be_visible()
    assert_inert(page)
    page.get_by_role("button", name="Connect Now").click()
    expect(page.get_by_role("alert")).to_contain_text("registered business account")
    audit.check("confirmation screen, business account")
    page.get_by_role("link", name="Switch to Personal Account").click()
    audit.check("Switch to Personal Account")
    page.get_by_role("button", name="Switch anyway").click()
    expect(page.get_by_text("You switched to a personal account.")).to_be_visible()
    audit.check("Switch to Personal Account, switched")
    page.get_by_role("link", name="Back to Connect Now").click()
    expect(page.get_by_text("You now have a personal account.")).to_be_visible()
    audit.check("confirmation screen, switched to personal")
    page.get_by_role("button", name="Cancel").click()
    expect(page.get_by_text("Cancelled. Nothing was linked.")).to_be_visible()
    audit.check("own profile, cancelled")
    page.goto(f"{audit.base_url}/tiktok/scan/#t=not-a-token")
    expect(page.get_by_role("heading", name="QR code not valid")).to_be_visible()
    audit.check("invalid QR code")
    page.goto(f"{audit.base_url}/tiktok/scan/")
    expect(page.get_by_text("This link has no code in it.")).to_be_visible()
    audit.check("scan screen without a code")

    tiktok_log_in(page, minor.handle)
    _, token = linking_services.link_session_start(partner=rival, started_by=rival_staff)
    _open_code(audit, token, "scan screen, under 18")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Connect Now").click()
    expect(page.get_by_role("heading", name=re.compile("Couldn't link"))).to_be_visible()
    audit.check("link failed: under 18")
    assert_inert(page)

    tiktok_log_in(page, eligible.handle)
    _, token = linking_services.link_session_start(partner=rival, started_by=rival_staff)
    _open_code(audit, token, "scan screen, eligible")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Connect Now").click()
    expect(page.get_by_role("heading", name=re.compile("You're linked"))).to_be_visible()
    audit.check("linked")
    assert_inert(page)
    audit.goto("/tiktok/inbox/", "Inbox, told of the link")
    expect(page.get_by_role("heading", name=re.compile("Your account was linked"))).to_be_visible()
    expect(page.get_by_text(XSS_SCRIPT).first).to_be_visible()
    assert_inert(page)
    audit.assert_clean()


# --- Everyone else: the login page, errors, the admin -----------------------------------------


def test_it_audits_the_login_and_error_pages(audit_for, log_in, world):
    audit = audit_for("anonymous")
    page = audit.page
    audit.goto("/login/", "login")
    page.get_by_label("Username").fill("staff")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    audit.check("login, wrong password")
    audit.goto("/no-such-page/", "404", status=404)
    factories.UserFactory(username="nobody")
    log_in(page, "nobody")
    audit.check("no role")
    audit.assert_clean()


def test_it_audits_the_admin_pages_an_account_manager_uses(audit_for, log_in, world):
    _link(world)
    link = world.partner.tiktok_link
    audit = audit_for("account manager")
    log_in(audit.page, "manager")
    # No exception for the admin: Django 6.1's admin has no inline script or style and puts
    # the nonce on its own tags, so the policy every page gets holds here too.
    audit.goto("/admin/", "admin index")
    audit.goto("/admin/accounts/partner/", "partner list")
    audit.goto(f"/admin/accounts/partner/{world.partner.pk}/change/", "partner")
    audit.goto("/admin/linking/tiktoklink/", "TikTok link list")
    audit.goto(f"/admin/linking/tiktoklink/{link.pk}/unlink/", "unlink confirmation")
    audit.page.get_by_role("button", name="Unlink").click()
    expect(audit.page.get_by_text("Please give a reason.")).to_be_visible()
    audit.check("unlink confirmation, no reason")
    unlink_request = factories.UnlinkRequestFactory(
        partner=world.partner,
        requested_by=world.staff,
        kind=UnlinkRequest.Kind.CHANGE,
        wanted_handle="north.new",
        reason=f"We rebranded {XSS_IMG}",
    )
    requests = "/admin/linking/unlinkrequest/"
    audit.goto(requests, "unlink request list")
    audit.goto(f"{requests}{unlink_request.pk}/change/", "unlink request")
    audit.goto(f"{requests}{unlink_request.pk}/decline/", "decline an unlink request")
    audit.page.get_by_role("button", name="Decline").click()
    expect(audit.page.get_by_text("Please give a note saying why.")).to_be_visible()
    audit.check("decline an unlink request, no note")
    audit.goto(f"{requests}{unlink_request.pk}/approve/", "approve an unlink request")
    assert_inert(audit.page)
    audit.page.get_by_role("button", name="Approve and unlink").click()
    expect(audit.page.get_by_text("Unlinked @north.hq from Northstar Creators")).to_be_visible()
    audit.check("unlink request approved")
    audit.goto("/admin/linking/linkevent/", "link events")
    audit.assert_clean()
