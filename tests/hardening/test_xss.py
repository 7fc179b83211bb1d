"""XSS: markup typed into a TikTok display name and bio, a partner's name, an invitation's
and a binding request's message, and a campaign's name and description is shown as text on
every page that displays it, to every audience, and in the admin lists."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from accounts.models import Market
from creators import services as creator_services
from linking import services as linking_services
from tests import factories
from tiktok.auth import SESSION_KEY

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
RAW = ["<script>alert(1)", "<img src=x", "onerror=alert(1)>"]


@pytest.fixture
def markup(db):
    """A world whose every free-text field holds markup."""
    partner = factories.PartnerFactory(name=f"Agency {SCRIPT}", market=Market.US)
    staff = factories.MembershipFactory(partner=partner, user__username="xss_staff").user
    account = factories.TikTokAccountFactory(
        handle="xss.official", display_name=IMG, bio=f"Bio {SCRIPT}"
    )
    link = factories.TikTokLinkFactory(partner=partner, tiktok_account=account, linked_by=staff)
    creator = factories.CreatorFactory(
        user__username="xss_creator", tiktok_account__display_name=IMG
    )
    invitation = factories.InvitationFactory(
        partner=partner,
        creator=creator,
        sent_by=staff,
        message=f"Hi {SCRIPT} {IMG}",
        products=IMG,
        attach_profile=True,
    )
    binding_request = factories.BindingRequestFactory(
        partner=partner, creator=creator, sent_by=staff, message=f"Bind {IMG}", attach_profile=True
    )
    campaign = factories.CampaignFactory(
        partner=partner, created_by=staff, name=SCRIPT, description=IMG, attach_profile=True
    )
    ready = factories.CampaignFactory(
        partner=partner, created_by=staff, name=SCRIPT, description=IMG, published_at=None
    )
    seller = factories.SellerFactory(user__username="xss_seller", shop_name=IMG, market=Market.US)
    factories.RegisteredProductFactory(campaign=campaign, seller=seller, product_name=SCRIPT)
    scanner = factories.TikTokAccountFactory(handle="xss.scanner", display_name=IMG, bio=SCRIPT)
    manager = partner.account_manager
    return {
        "partner": partner,
        "staff": staff,
        "link": link,
        "creator": creator,
        "invitation": invitation,
        "binding_request": binding_request,
        "campaign": campaign,
        "ready": ready,
        "seller": seller,
        "scanner": scanner,
        "manager": manager,
    }


def _client(user=None, tiktok_account=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    if tiktok_account is not None:
        session = client.session
        session[SESSION_KEY] = tiktok_account.pk
        session.save()
    return client


def assert_shown_escaped(response, *payloads: str) -> None:
    assert response.status_code == 200, response.status_code
    body = response.content.decode()
    for raw in RAW:
        assert raw not in body, f"unescaped {raw!r} on {response.request['PATH_INFO']}"
    for payload in payloads:
        assert escape(payload) in body, f"{payload!r} not shown on {response.request['PATH_INFO']}"


def test_it_escapes_markup_in_partner_center(markup):
    client = _client(markup["staff"])
    campaign = markup["campaign"]
    pages = {
        reverse("accounts:home"): [SCRIPT],
        reverse("linking:profile"): [IMG],
        reverse("creators:find"): [IMG],
        reverse("creators:partnerships") + "?tab=link_requested": [IMG],
        reverse("campaigns:list"): [SCRIPT],
        reverse("campaigns:detail", args=[campaign.code]): [SCRIPT, IMG],
        reverse("campaigns:edit", args=[markup["ready"].code]): [IMG],
        reverse("creators:invite") + f"?creators={markup['creator'].code}": [],
    }
    for url, payloads in pages.items():
        assert_shown_escaped(client.get(url), *payloads)


def test_it_escapes_markup_in_the_creator_inbox_and_details(markup):
    client = _client(markup["creator"].user)
    assert_shown_escaped(client.get(reverse("creator:inbox")), SCRIPT)
    invitation = client.get(reverse("creator:invitation", args=[markup["invitation"].code]))
    # The message, the products, the partner's name and its profile card's display name.
    assert_shown_escaped(invitation, f"Hi {SCRIPT} {IMG}", IMG, f"Agency {SCRIPT}")
    request = client.get(reverse("creator:request", args=[markup["binding_request"].code]))
    assert_shown_escaped(request, f"Bind {IMG}", IMG)


def test_it_escapes_markup_for_sellers(markup):
    client = _client(markup["seller"].user)
    campaign = markup["campaign"]
    assert_shown_escaped(client.get(reverse("seller:campaigns")), SCRIPT)
    assert_shown_escaped(client.get(reverse("seller:registrations")), SCRIPT)
    details = client.get(reverse("seller:campaign", args=[campaign.code]))
    assert_shown_escaped(details, SCRIPT, IMG, f"Agency {SCRIPT}")


def test_it_escapes_markup_in_the_tiktok_app(markup):
    anonymous = _client()
    profile = anonymous.get(reverse("tiktok:profile", args=["xss.official"]))
    assert_shown_escaped(profile, IMG, f"Bio {SCRIPT}")

    scanner = markup["scanner"]
    app = _client(tiktok_account=scanner)
    assert_shown_escaped(app.get(reverse("tiktok:me")), IMG, SCRIPT)
    other = factories.PartnerFactory(name=f"Other {SCRIPT}")
    starter = factories.MembershipFactory(partner=other).user
    session, token = linking_services.link_session_start(partner=other, started_by=starter)
    asking = app.post(reverse("linking:scan"), {"token": token})
    assert_shown_escaped(asking, f"Other {SCRIPT}")
    assert b"Continue" in asking.content
    app.post(reverse("linking:scan_continue"), {"token": token})
    confirmation = app.get(reverse("linking:confirmation", args=[session.code]))
    assert_shown_escaped(confirmation, f"Other {SCRIPT}")
    assert b"Connect Now" in confirmation.content


def test_it_escapes_markup_in_notifications_and_the_tiktok_inbox(markup):
    """A creator's display name and an account manager's reason end up in notices; a partner's
    name in the TikTok account's inbox."""
    creator_services.invitation_accept(invitation=markup["invitation"], creator=markup["creator"])
    linking_services.tiktok_link_unlink(
        partner=markup["partner"], actor=markup["manager"], reason=f"Because {SCRIPT}"
    )
    notices = _client(markup["staff"]).get(reverse("accounts:notifications"))
    assert_shown_escaped(notices, IMG, f"Because {SCRIPT}")
    inbox = _client(tiktok_account=markup["link"].tiktok_account).get(reverse("tiktok:inbox"))
    assert_shown_escaped(inbox, f"Agency {SCRIPT}")


def test_it_escapes_markup_in_unlink_requests_and_their_answers(markup):
    """A staff member's reason and an account manager's note, on the Profile page, in the
    admin and in the agency's notices."""
    staff, manager = _client(markup["staff"]), _client(markup["manager"])
    asked = staff.post(
        reverse("linking:unlink_request"), {"kind": "unlink", "reason": f"Why {SCRIPT} {IMG}"}
    )
    assert asked.status_code == 302
    assert_shown_escaped(staff.get(reverse("linking:profile")), f"Why {SCRIPT} {IMG}")
    (unlink_request,) = markup["partner"].unlink_requests.all()
    assert_shown_escaped(
        manager.get(reverse("admin:linking_unlinkrequest_changelist")), f"Agency {SCRIPT}"
    )
    for action in ("approve", "decline"):
        page = manager.get(
            reverse(f"admin:linking_unlinkrequest_{action}", args=[unlink_request.pk])
        )
        assert_shown_escaped(page, f"Agency {SCRIPT}", f"Why {SCRIPT} {IMG}")
    linking_services.unlink_request_decline(
        unlink_request=unlink_request, decided_by=markup["manager"], note=f"No {SCRIPT}"
    )
    assert_shown_escaped(staff.get(reverse("linking:profile")), f"No {SCRIPT}")
    assert_shown_escaped(staff.get(reverse("accounts:notifications")), f"No {SCRIPT}")


def test_it_escapes_markup_echoed_back_by_the_tiktok_signup_form(markup):
    client = _client()
    response = client.post(
        reverse("tiktok:signup"),
        {"handle": IMG, "display_name": SCRIPT, "birth_date": "1990-01-01", "password": "x"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert all(raw not in body for raw in RAW)
    assert escape(SCRIPT) in body


def test_it_escapes_markup_in_the_admin_lists(markup):
    manager = _client(markup["manager"])
    superuser = _client(factories.SuperuserFactory())
    pages = {
        "admin:tiktok_tiktokaccount_changelist": (manager, [IMG]),
        "admin:accounts_partner_changelist": (manager, [f"Agency {SCRIPT}"]),
        "admin:linking_tiktoklink_changelist": (manager, [f"Agency {SCRIPT}"]),
        # What account managers are not given: the administrator's.
        "admin:campaigns_campaign_changelist": (superuser, [SCRIPT]),
        "admin:campaigns_seller_changelist": (superuser, [IMG]),
        "admin:creators_invitation_changelist": (superuser, [f"Agency {SCRIPT}"]),
        "admin:creators_bindingrequest_changelist": (superuser, [f"Agency {SCRIPT}"]),
    }
    for name, (client, payloads) in pages.items():
        assert_shown_escaped(client.get(reverse(name)), *payloads)
    unlink = reverse("admin:linking_tiktoklink_unlink", args=[markup["link"].pk])
    assert_shown_escaped(client.get(unlink), f"Agency {SCRIPT}")


def test_it_escapes_markup_reflected_from_the_query_and_the_form(markup):
    """What a crafted link or form puts back on the page: next, searches, the scanned link."""
    evil = quote(f"/x{IMG}{SCRIPT}")
    staff = _client(markup["staff"])
    seller = _client(markup["seller"].user)
    app = _client(tiktok_account=markup["scanner"])
    pages = [
        (staff, reverse("linking:start") + f"?next={evil}"),
        (staff, reverse("creators:find") + f"?q={quote(SCRIPT)}&followers_min={quote(IMG)}"),
        (staff, reverse("campaigns:list") + f"?status={quote(SCRIPT)}&page={quote(IMG)}"),
        (seller, reverse("seller:campaigns") + f"?q={quote(SCRIPT)}&category={quote(IMG)}"),
        (app, reverse("tiktok:switch_to_personal") + f"?next={evil}"),
        (_client(), reverse("tiktok:login") + f"?next={evil}"),
        (_client(), reverse("tiktok:signup") + f"?next={evil}"),
        (_client(), reverse("accounts:login") + f"?next={evil}"),
    ]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code in (200, 400), url
        body = response.content.decode()
        assert all(raw not in body for raw in RAW), url
    scanned = app.post(reverse("tiktok:my_qr_code"), {"url": f"/tiktok/{SCRIPT}"})
    assert all(raw not in scanned.content.decode() for raw in RAW)
    assert (
        b"isn&#x27;t a TikTok link code" in scanned.content or b"t a TikTok link" in scanned.content
    )
