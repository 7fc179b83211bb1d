"""hypothesis fuzzes every form of the product: random text (NUL and lone surrogates included,
sent percent-encoded as a browser or a script could), huge strings, negative and boundary
numbers, dates far in the past or future, malformed UUIDs and raw bytes that are not UTF-8.
Never a 500; a response that is not a redirect after success changed no row; a `next`
never sends anyone to another site. (Create Campaign has its own in tests/campaigns.)"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from urllib.parse import quote, quote_from_bytes, urlsplit

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib import admin
from django.contrib.admin import FieldListFilter, SimpleListFilter
from django.contrib.admin.utils import get_fields_from_path
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import DateField
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from accounts.models import Membership, Notification, NotificationPreference, TeamRole, User
from accounts.notifications import notification_send
from accounts.reauth import LOGGED_IN_AT
from campaigns.models import Campaign, RegisteredProduct
from creators.models import BindingRequest, ExtensionRequest, Invitation
from linking.models import TikTokLink, UnlinkRequest
from outbox.models import OutboxMessage
from partner_center.admin import GuardedAdmin, ScopedChoicesMixin
from tests import factories
from tiktok.auth import SESSION_KEY, password_reset_token
from tiktok.models import TikTokAccount, handle_validator

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

# Every character, lone surrogates included: the form body is percent-encoded by hand.
TEXT = st.text(st.characters(exclude_categories=()), max_size=40)
HUGE = st.builds(
    lambda char, n: char * n,
    st.sampled_from(["x", "9", "é", "<", "\x00", "𝕏", " ", "@", ","]),
    st.integers(300, 60_000),
)
BOUNDARY_NUMBERS = (
    "-1 0 1 0.95 1.05 36 37 80 80.05 80.1 81 5.0001 1e309 -0 NaN Infinity 1_000 ٣ １２ 0x10"
)
NUMBERS = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(str),
    st.sampled_from([*BOUNDARY_NUMBERS.split(), " 7 ", "9" * 40]),
)
FAR_DATES = (
    "0001-01-01 9999-12-31 10000-01-01 0000-00-00 2026-02-30 -2026-01-01 31/12/1999 "
    "0001-01-01T00:00 9999-12-31T23:59 1970-01-01T00:00:00+14:00"
)
DATES = st.one_of(
    st.dates().map(str),
    st.datetimes().map(lambda d: d.isoformat(timespec="minutes")),
    st.sampled_from(FAR_DATES.split()),
)
UUIDS = st.one_of(
    st.uuids().map(str),
    st.uuids().map(lambda u: str(u)[:-1] + "g"),
    st.sampled_from(["not-a-uuid", "0" * 33, "{00000000-0000-0000-0000-000000000000}", "%00"]),
)
OFFSITE = (
    "//evil.example/ https://evil.example/x /\\evil.example \\\\evil.example javascript:alert(1) "
    "http:///evil.example ///evil.example /%2F%2Fevil.example http://testserver/creators/find/"
)
URLS = st.one_of(
    st.sampled_from([*OFFSITE.split(), " //evil.example", "/creators/find/?a=1"]),
    TEXT.map(lambda t: "/" + t),
)
JUNK = st.one_of(TEXT, HUGE, NUMBERS, DATES, UUIDS, URLS, st.binary(max_size=40))

OUR_APPS = {"accounts", "linking", "creators", "campaigns", "insights", "outbox"}


def encode(fields: dict) -> str:
    """A form body or query string, each value percent-encoded from any str or bytes."""
    pairs = []
    for name, values in fields.items():
        for value in values if isinstance(values, list) else [values]:
            raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
            pairs.append(f"{quote_from_bytes(name.encode())}={quote_from_bytes(raw)}")
    return "&".join(pairs)


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS
    }


def fuzz_post(client: Client, url: str, fields: dict, **extra):
    return client.post(url, encode(fields), "application/x-www-form-urlencoded", **extra)


def fuzz_get(client: Client, url: str, fields: dict, **extra):
    return client.get(f"{url}?{encode(fields)}", **extra)


def check(response, before: dict[str, int], *, saved_with: tuple[int, ...] = (302,)) -> None:
    """No 500; unless the answer is a success's redirect, no row was added or removed; and a
    redirect stays on this site."""
    assert response.status_code < 500, response.status_code
    if response.status_code not in saved_with:
        assert row_counts() == before
    if location := response.get("Location"):
        assert urlsplit(location).netloc in ("", "testserver"), location
        assert not location.startswith(("//", "/\\")), location


def mix(valid: dict, fields: list[str]):
    """Valid values with some of them replaced by junk."""
    return st.dictionaries(st.sampled_from(fields), JUNK, max_size=len(fields)).map(
        lambda junk: {**valid, **junk}
    )


# --- The world the forms run in -----------------------------------------------------------


@pytest.fixture
def linked(partner):
    account = factories.TikTokAccountFactory(handle="fuzz.official")
    return factories.TikTokLinkFactory(partner=partner, tiktok_account=account)


@pytest.fixture
def directory(db):
    return [factories.CreatorFactory(tiktok_account__handle=f"fuzz_creator_{n}") for n in range(3)]


def tiktok_client(account: TikTokAccount) -> Client:
    client = Client()
    session = client.session
    session[SESSION_KEY] = account.pk
    session.save()
    return client


# --- Partner Center --------------------------------------------------------------------------

INVITE = ["purpose", "message", "contact_whatsapp", "contact_email", "contact_phone"]
INVITE += ["attach_profile", "next", "idempotency_key"]
INVITE_VALID = {"purpose": "partnership", "message": "Hi", "contact_phone": "+1 415 555 0100"}


@FUZZ
@given(
    fields=mix(INVITE_VALID, INVITE), selection=st.sampled_from(["creators", "match", "page_of"])
)
def test_it_survives_junk_in_the_invite_form(staff_client, linked, directory, fields, selection):
    codes = [str(c.code) for c in directory]
    query = {"creators": codes} if selection == "creators" else {selection: "q=fuzz"}
    before = row_counts()
    response = fuzz_post(staff_client, f"{reverse('creators:invite')}?{encode(query)}", fields)
    check(response, before)
    if response.status_code == 302:
        Invitation.objects.all().delete()  # the next example starts with nobody invited


@FUZZ
@given(
    query=st.dictionaries(st.sampled_from(["creators", "match", "page_of", "page", "from"]), JUNK)
)
def test_it_survives_malformed_selections_on_the_invite_page(staff_client, directory, query):
    before = row_counts()
    response = fuzz_get(staff_client, reverse("creators:invite"), query)
    check(response, before)
    assert response.status_code in (200, 400)


SELECTION = ["shown", "creators", "clear", "from"]


@FUZZ
@given(
    body=st.dictionaries(
        st.sampled_from(SELECTION), st.one_of(JUNK, st.lists(JUNK, max_size=3)), max_size=4
    ),
    codes=st.booleans(),
    htmx=st.booleans(),
)
def test_it_survives_junk_in_the_selection_kept_across_pages(
    staff_client, directory, body, codes, htmx
):
    if codes:  # real creators beside the junk, so some of it is kept
        body = {"shown": [str(c.code) for c in directory], **body}
    before = row_counts()
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = fuzz_post(staff_client, reverse("creators:selection"), body, **headers)
    check(response, before, saved_with=())
    assert response.status_code in (200, 302, 400)
    page = fuzz_get(staff_client, reverse("creators:find"), {})
    assert page.status_code == 200
    assert fuzz_get(staff_client, reverse("creators:invite"), {}).status_code in (200, 400)


BINDING = ["handles", "message", "last_day", "attach_profile"]
IN_A_MONTH = (date.today() + timedelta(days=30)).isoformat()


@FUZZ
@given(
    fields=mix({"handles": "fuzz_creator_0", "last_day": IN_A_MONTH}, BINDING)
    | st.builds(lambda d: {"handles": "fuzz_creator_0", "last_day": d}, DATES),
    handles=st.lists(st.one_of(st.just("@fuzz_creator_1"), TEXT), max_size=5),
)
def test_it_survives_junk_in_add_new_creator(staff_client, linked, directory, fields, handles):
    if handles:
        fields = {**fields, "handles": " ".join(handles)}
    before = row_counts()
    response = fuzz_post(staff_client, reverse("creators:partnership_add"), fields)
    check(response, before)
    if response.status_code == 302:
        BindingRequest.objects.all().delete()


# --- Team members ------------------------------------------------------------------------------

TEAM_INVITE = ["email", "first_name", "last_name", "role"]


@pytest.fixture
def team_role(partner, staff):
    return factories.TeamRoleFactory(partner=partner, name="Fuzz scout")


@FUZZ
@given(
    fields=mix({"email": "fuzz@agency.example", "first_name": "Fuzz"}, TEAM_INVITE),
    role=st.booleans(),
)
@example(fields={"email": "a@b.example", "first_name": "Line\r\nBcc: x@evil.example"}, role=True)
@example(fields={"email": "ÉVE@Agency.Example", "first_name": "Eve"}, role=True)
def test_it_survives_junk_in_the_team_invite_form(staff_client, team_role, fields, role):
    if role and "role" not in fields:
        fields = {**fields, "role": str(team_role.pk)}
    before = row_counts()
    response = fuzz_post(staff_client, reverse("accounts:team_invite"), fields)
    check(response, before)
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        member = Membership.objects.get(is_main=False)
        assert member.team_role == team_role and not member.user.is_active
        assert member.user.username == member.user.email == member.user.email.lower()
        member.user.delete()  # the next example starts with the address free


@FUZZ
@given(
    name=st.one_of(st.just("Fuzz role"), TEXT, HUGE),
    modules=st.lists(st.one_of(st.sampled_from(["insights", "campaigns", "team"]), TEXT)),
    existing=st.booleans(),
)
@example(name="Tab\tname", modules=["insights"], existing=False)
def test_it_survives_junk_in_the_team_role_form(staff_client, team_role, name, modules, existing):
    url = (
        reverse("accounts:team_role", args=[team_role.code])
        if existing
        else reverse("accounts:team_role_new")
    )
    before = row_counts()
    saved_before = list(TeamRole.objects.values())
    response = fuzz_post(staff_client, url, {"name": name, "modules": modules})
    check(response, before)
    assert response.status_code in (302, 400)
    if response.status_code != 302:
        assert list(TeamRole.objects.values()) == saved_before
    else:
        TeamRole.objects.exclude(pk=team_role.pk).delete()


@FUZZ
@given(role=st.one_of(UUIDS, NUMBERS, TEXT), member=UUIDS)
def test_it_survives_junk_in_a_members_role(staff_client, team_role, partner, role, member):
    colleague = factories.MembershipFactory(partner=partner, team_role=team_role)
    before = row_counts()
    response = fuzz_post(
        staff_client, reverse("accounts:team_member", args=[colleague.code]), {"role": role}
    )
    check(response, before)
    assert response.status_code in (302, 400)
    colleague.refresh_from_db()
    assert colleague.team_role == team_role  # junk never names a role
    assert staff_client.get(f"/account/team/members/{quote(member)}/").status_code in (404,)


@FUZZ
@given(
    password=st.one_of(TEXT, HUGE, st.just("a-long-new-passphrase-2026")),
    other=st.one_of(TEXT, st.none()),
    token=st.one_of(st.none(), TEXT, HUGE),
)
def test_it_survives_junk_on_the_join_page(staff, team_role, password, other, token):
    from accounts import team

    main = Membership.objects.get(user=staff)
    User.objects.filter(email="join@agency.example").delete()  # each example on its own
    member = team.team_member_invite(
        by=main, email="join@agency.example", first_name="J", last_name="", role=team_role
    )
    url = reverse("accounts:team_join", args=[team.invitation_token(member)])
    if token is not None:
        url = "/team/join/" + quote(token.encode("utf-8", "surrogatepass"), safe="") + "/"
    before = row_counts()
    body = {"new_password1": password, "new_password2": password if other is None else other}
    response = fuzz_post(Client(), url, body)
    check(response, before, saved_with=(302,))
    assert response.status_code in (302, 400, 404)
    member.refresh_from_db()
    assert (member.status == Membership.Status.ACTIVE) == (response.status_code == 302)
    member.user.delete()


EXTEND = ["last_day", "message", "attach_profile"]


@FUZZ
@given(
    fields=mix({"last_day": (date.today() + timedelta(days=60)).isoformat()}, EXTEND)
    | st.builds(lambda d: {"last_day": d}, DATES)
)
def test_it_survives_junk_in_extend(staff_client, partner, linked, fields):
    link = factories.LinkFactory(
        partner=partner, link_expires_at=timezone.now() + timedelta(days=10)
    )
    before = row_counts()
    response = fuzz_post(staff_client, reverse("creators:link_extend", args=[link.code]), fields)
    check(response, before)
    link.refresh_from_db()
    assert link.link_expires_at > timezone.now()  # only the creator's answer moves it
    ExtensionRequest.objects.all().delete()


@FUZZ
@given(body=st.dictionaries(st.sampled_from(["reason", "csrfmiddlewaretoken"]), JUNK))
def test_it_survives_junk_in_the_creators_unlink_request(creator_client, creator, body):
    link = factories.LinkFactory(creator=creator)
    before = row_counts()
    url = reverse("creator:request_unlink", args=[link.code])
    response = fuzz_post(creator_client, url, body)
    check(response, before)
    link.refresh_from_db()
    assert (link.unlink_raised_by == "creator") == (response.status_code == 302)
    assert response.status_code in (302, 400)


FIND = ["q", "category", "market", "followers_min", "followers_max", "sales_min", "sales_max"]
FIND += ["units_min", "units_max", "views_min", "views_max", "engagement_min", "engagement_max"]
FIND += ["content_type", "fast_growing", "sort", "page", "per_page"]
FIND_VALUES = ["-1", "0", "100", "100.001", "1e400", "NaN", "inf", "9" * 30, "live", "on"]


@FUZZ
@given(
    query=st.dictionaries(st.sampled_from(FIND), st.one_of(JUNK, st.sampled_from(FIND_VALUES))),
    htmx=st.booleans(),
)
def test_it_survives_junk_in_the_find_creators_filters(staff_client, directory, query, htmx):
    before = row_counts()
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = fuzz_get(staff_client, reverse("creators:find"), query, **headers)
    check(response, before)
    assert response.status_code in (200, 400)


HISTORY = ["q", "sent_from", "sent_to", "status", "profile", "page", "per_page"]


@FUZZ
@given(
    query=st.dictionaries(
        st.sampled_from(HISTORY),
        st.one_of(JUNK, DATES, st.sampled_from(["pending", "accepted", "expired", "yes", "no"])),
    ),
    htmx=st.booleans(),
)
def test_it_survives_junk_in_the_invitation_history_filters(staff_client, partner, query, htmx):
    factories.InvitationFactory(partner=partner)
    before = row_counts()
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = fuzz_get(staff_client, reverse("creators:invitations"), query, **headers)
    check(response, before)
    assert response.status_code in (200, 400)


@FUZZ
@given(body=st.dictionaries(st.sampled_from(["code", "next", "purpose", "message"]), JUNK))
def test_it_survives_junk_sent_to_resend(staff_client, partner, staff, body):
    """Resend takes nothing from the body: inside the window it refuses (4xx), saving nothing."""
    invitation = factories.InvitationFactory(partner=partner, sent_by=staff, status="declined")
    before = row_counts()
    response = fuzz_post(
        staff_client, reverse("creators:invitation_resend", args=[invitation.code]), body
    )
    check(response, before, saved_with=())
    assert response.status_code == 409


INSIGHTS = ["period", "start", "end", "market"]


@FUZZ
@given(
    query=st.dictionaries(
        st.sampled_from(INSIGHTS),
        st.one_of(JUNK, st.sampled_from(["custom", "7", "30", "90", "all", "GB", "2026-11-01"])),
    ),
    htmx=st.booleans(),
    name=st.sampled_from(["insights:index", "insights:csv"]),
)
@example(
    query={"period": "custom", "start": "9999-12-31", "end": "9999-12-31"},
    htmx=False,
    name="insights:index",
)
@example(
    query={"period": "custom", "start": "0001-01-01", "end": "9999-12-31"},
    htmx=True,
    name="insights:csv",
)
def test_it_survives_junk_in_the_insights_filters(staff_client, partner, query, htmx, name):
    factories.InvitationFactory(partner=partner, attach_profile=True)
    before = row_counts()
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = fuzz_get(staff_client, reverse(name), query, **headers)
    check(response, before)
    assert response.status_code in (200, 400)


@FUZZ
@given(query=st.dictionaries(st.sampled_from(["tab", "page", "per_page", "status"]), JUNK))
def test_it_survives_junk_in_list_queries(staff_client, partner, query):
    factories.CampaignFactory(partner=partner)
    before = row_counts()
    for name in ("creators:partnerships", "campaigns:list", "insights:index"):
        check(fuzz_get(staff_client, reverse(name), query), before)


@FUZZ
@given(next_url=URLS, method=st.sampled_from(["GET", "POST"]))
@example(next_url="/\x00", method="GET")
def test_it_survives_any_next_on_link_start(staff_client, next_url, method):
    before = row_counts()
    url = reverse("linking:start")
    if method == "GET":
        response = fuzz_get(staff_client, url, {"next": next_url})
    else:
        response = fuzz_post(staff_client, url, {"next": next_url})
    check(response, before)
    if method == "GET":
        # A NUL in the query string is refused outright (partner_center.middleware).
        assert response.status_code == (400 if "\x00" in next_url else 200)
        if not next_url.startswith("/") or next_url.startswith(("//", "/\\")):
            assert b"evil.example" not in response.content


UNLINK_REQUEST = ["kind", "reason", "wanted_handle"]
UNLINK_REQUEST_VALID = {"kind": "change", "reason": "We rebranded.", "wanted_handle": "fuzz.new"}


@FUZZ
@given(
    fields=mix(UNLINK_REQUEST_VALID, UNLINK_REQUEST),
    reason=st.one_of(st.just("We rebranded."), TEXT, HUGE),
)
@example(fields={"kind": "unlink", "wanted_handle": ""}, reason="Tab\tand\r\nbreak")
@example(fields={"kind": "unlink"}, reason="Bell\x07")
def test_it_survives_junk_in_the_unlink_request_form(staff_client, linked, fields, reason):
    before = row_counts()
    response = fuzz_post(
        staff_client, reverse("linking:unlink_request"), {"reason": reason} | fields
    )
    check(response, before)
    if response.status_code == 302:
        # Saved as asked, bounded, and with no control character but line breaks and tabs.
        (saved,) = UnlinkRequest.objects.all()
        assert 0 < len(saved.reason) <= 1000
        assert all(c in "\t\r\n" or unicodedata.category(c) != "Cc" for c in saved.reason)
        if saved.wanted_handle:
            assert saved.kind == UnlinkRequest.Kind.CHANGE
            handle_validator(saved.wanted_handle)
        saved.delete()  # the next example asks again
    else:
        # 400 names the field that is wrong; 409 (a change to the account linked now) says why.
        assert response.status_code in (400, 409), response.status_code
        assert b"errorlist" in response.content or b'role="alert"' in response.content


CAMPAIGN = ["name", "description", "starts_at", "registration_ends_at", "ends_at"]
CAMPAIGN += ["commission_rate", "min_shop_rating", "contact_email", "contact_phone", "categories"]
CAMPAIGN += ["attach_profile", "target", "seller_origin", "shop_codes"]


@FUZZ
@given(junk=st.dictionaries(st.sampled_from(CAMPAIGN), JUNK, min_size=1))
def test_it_survives_junk_in_the_campaign_edit_form(staff_client, partner, seller, junk):
    campaign = factories.CampaignFactory(partner=partner, name="Before", published_at=None)
    valid = {
        "name": "After",
        "starts_at": "2030-01-11T09:00",
        "registration_ends_at": "2030-01-20T09:00",
        "ends_at": "2030-02-01T09:00",
        "commission_rate": "10",
        "min_shop_rating": "4",
        "contact_email": "a@example.com",
        "categories": "beauty",
        "target": "selected",
        "seller_origin": "both",
        "shop_codes": seller.shop_code,
    }
    before = row_counts()
    row = Campaign.objects.values().get(pk=campaign.pk)
    targets = list(campaign.target_sellers.all())
    response = fuzz_post(
        staff_client, reverse("campaigns:edit", args=[campaign.code]), valid | junk
    )
    check(response, before)
    if response.status_code != 302:
        assert response.status_code == 400
        assert Campaign.objects.values().get(pk=campaign.pk) == row
        assert list(campaign.target_sellers.all()) == targets
    detail = fuzz_get(staff_client, reverse("campaigns:detail", args=[campaign.code]), junk)
    check(detail, row_counts())


PRODUCT = ["product_name", "price", "commission_rate", "free_samples"]
PRODUCT_VALID = {
    "product_name": "Serum",
    "price": "9.90",
    "commission_rate": "15",
    "free_samples": "1",
}


@FUZZ
@given(fields=mix(PRODUCT_VALID, PRODUCT))
def test_it_survives_junk_in_the_product_registration_form(seller_client, seller, fields):
    campaign = factories.CampaignFactory(partner__market=seller.market, commission_rate=12)
    before = row_counts()
    response = fuzz_post(seller_client, reverse("seller:register", args=[campaign.code]), fields)
    check(response, before)
    if response.status_code == 302:
        product = RegisteredProduct.objects.get()
        assert product.commission_rate >= 12 and product.price > 0
        product.delete()  # the next example registers again
    else:
        assert response.status_code in (400, 409)
        assert b"errorlist" in response.content or b'class="refusal"' in response.content


REJECT = ["reason", "reregistration_allowed", "products", "page", "q"]
BUTTONS = ["product_reject", "product_approve", "products_approve", "publish", "unpublish"]
BUTTONS += ["delete"]


@FUZZ
@given(
    body=st.dictionaries(st.sampled_from(REJECT), JUNK),
    action=st.sampled_from(BUTTONS),
)
def test_it_survives_junk_in_the_review_and_publish_buttons(staff_client, partner, body, action):
    product = factories.RegisteredProductFactory(campaign__partner=partner)
    code = product.campaign.code
    args = [code, product.code] if action.startswith("product_") else [code]
    before = row_counts()
    row = RegisteredProduct.objects.values().get(pk=product.pk)
    response = fuzz_post(staff_client, reverse(f"campaigns:{action}", args=args), body)
    check(response, before, saved_with=())
    if response.status_code == 302 and action == "products_approve":
        # Junk that happens to be a code: approves nothing of this campaign's but its own.
        assert RegisteredProduct.objects.values().get(pk=product.pk) == row
    elif response.status_code == 302:
        assert action in ("product_reject", "product_approve")
        assert RegisteredProduct.objects.get(pk=product.pk).status != "pending"
    else:
        assert response.status_code in (400, 409)
        assert RegisteredProduct.objects.values().get(pk=product.pk) == row
    review_list = fuzz_get(staff_client, reverse("campaigns:detail", args=[code]), body)
    check(review_list, row_counts(), saved_with=())
    assert review_list.status_code in (200, 400)  # 400: a NUL byte, refused before the view


NOTIFICATION_SETTINGS = ["email_kinds", "next"]


@FUZZ
@given(
    fields=st.dictionaries(st.sampled_from(NOTIFICATION_SETTINGS), st.one_of(JUNK, st.lists(JUNK))),
    kinds=st.lists(st.sampled_from([*Notification.Kind.values, "gossip", ""]), max_size=6),
)
def test_it_survives_junk_in_the_notification_settings(staff_client, staff, fields, kinds):
    before = row_counts()
    saved = list(NotificationPreference.objects.filter(user=staff).values())
    response = fuzz_post(staff_client, reverse("accounts:notification_settings"), fields)
    check(response, before)
    if response.status_code != 302:
        assert list(NotificationPreference.objects.filter(user=staff).values()) == saved
    valid_kinds = fuzz_post(
        staff_client, reverse("accounts:notification_settings"), {"email_kinds": kinds}
    )
    assert valid_kinds.status_code == (302 if set(kinds) <= set(Notification.Kind.values) else 200)


@FUZZ
@given(
    body=st.dictionaries(st.sampled_from(["next", "page", "code"]), JUNK),
    code=UUIDS,
    htmx=st.booleans(),
)
def test_it_survives_junk_sent_to_mark_as_read(staff_client, staff, partner, body, code, htmx):
    (notice,) = notification_send(
        partner=partner, kind=Notification.Kind.TIKTOK_LINKED, text="Linked.", url="/"
    )
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    before = row_counts()
    for url in (
        reverse("accounts:notification_read", args=[notice.code]),
        reverse("accounts:notifications_read_all"),
    ):
        response = fuzz_post(staff_client, url, body, **headers)
        check(response, before, saved_with=())
        assert response.status_code == (200 if htmx else 302)
    raw = quote_from_bytes(code.encode("utf-8", "surrogatepass"), safe="")
    response = fuzz_post(staff_client, f"/notifications/{raw}/read/", body, **headers)
    check(response, before, saved_with=())
    assert response.status_code == 404
    check(fuzz_get(staff_client, reverse("accounts:notifications"), body), before, saved_with=())


# --- Sellers and creators -------------------------------------------------------------------


@FUZZ
@given(query=st.dictionaries(st.sampled_from(["q", "category", "page"]), JUNK), htmx=st.booleans())
def test_it_survives_junk_in_the_seller_filters(seller_client, seller, query, htmx):
    factories.CampaignFactory(partner__market=seller.market)
    before = row_counts()
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    for name in ("seller:campaigns", "seller:registrations"):
        response = fuzz_get(seller_client, reverse(name), query, **headers)
        check(response, before)
        assert response.status_code in (200, 400)


@FUZZ
@given(
    body=st.dictionaries(
        st.sampled_from(["answer", "status", "code", "csrfmiddlewaretoken"]), JUNK
    ),
    query=st.dictionaries(st.sampled_from(["page", "per_page"]), JUNK),
    answer=st.sampled_from(
        [
            "invitation_accept",
            "invitation_decline",
            "request_accept",
            "request_unlink_accept",
            "request_unlink_decline",
        ]
    ),
)
def test_it_survives_junk_sent_to_accept_and_decline(creator_client, creator, body, query, answer):
    invitation = factories.InvitationFactory(creator=creator)
    binding_request = factories.BindingRequestFactory(creator=creator)
    code = binding_request.code if answer.startswith("request") else invitation.code
    before = row_counts()
    response = fuzz_post(creator_client, reverse(f"creator:{answer}", args=[code]), body)
    assert response.status_code == 302
    check(response, before)
    check(fuzz_get(creator_client, reverse("creator:inbox"), query), before)


# --- The simulated TikTok app -----------------------------------------------------------------

SIGNUP = ["handle", "display_name", "email", "birth_date", "password", "next"]
SIGNUP_VALID = {"display_name": "Fuzz", "birth_date": "1990-01-01", "password": "long-enough-pw"}


@FUZZ
@given(
    fields=mix(SIGNUP_VALID, SIGNUP),
    handle=st.one_of(st.from_regex(r"\A[a-z][a-z0-9_]{2,20}\Z"), TEXT, HUGE),
)
def test_it_survives_junk_in_the_tiktok_signup(db, fields, handle):
    before = row_counts()
    response = fuzz_post(Client(), reverse("tiktok:signup"), {"handle": handle} | fields)
    check(response, before)
    if response.status_code == 302:
        account = TikTokAccount.objects.latest("pk")
        assert date(1900, 1, 1) <= account.birth_date <= date.today()
        account.delete()


@FUZZ
@given(fields=st.dictionaries(st.sampled_from(["handle", "password", "next"]), JUNK))
def test_it_survives_junk_in_the_tiktok_login(db, fields):
    if not TikTokAccount.objects.filter(handle="fuzz.login").exists():
        factories.TikTokAccountFactory(handle="fuzz.login")
    cache.clear()  # each example starts with no failed log-in counted (no lockout)
    before = row_counts()
    response = fuzz_post(Client(), reverse("tiktok:login"), fields)
    check(response, before, saved_with=())
    assert response.status_code == 200


@FUZZ
@given(
    scanned=st.one_of(
        URLS, TEXT, HUGE, st.one_of(TEXT, UUIDS, HUGE).map(lambda t: f"/tiktok/scan/#t={t}")
    )
)
def test_it_survives_junk_in_the_tiktok_scanner(db, scanned):
    account = factories.TikTokAccountFactory()
    before = row_counts()
    response = fuzz_post(tiktok_client(account), reverse("tiktok:my_qr_code"), {"url": scanned})
    check(response, before, saved_with=())
    if response.status_code == 302:
        assert response["Location"].startswith("/tiktok/")
    assert "#" not in response.get("Location", "")


@FUZZ
@given(
    token=st.one_of(TEXT, HUGE, UUIDS, st.binary(max_size=60)),
    name=st.sampled_from(["linking:scan", "linking:scan_continue"]),
    extra=st.dictionaries(st.sampled_from(["t", "next", "token"]), JUNK, max_size=2),
)
def test_it_survives_junk_tokens_on_the_scan_screens(partner, staff, token, name, extra):
    from linking import services as linking_services

    session, _ = linking_services.link_session_start(partner=partner, started_by=staff)
    account = TikTokAccount.objects.first() or factories.TikTokAccountFactory()
    before = row_counts()
    response = fuzz_post(tiktok_client(account), reverse(name), {**extra, "token": token})
    check(response, before, saved_with=())
    assert response.status_code in (404, 429), response.status_code
    assert type(session).objects.get(pk=session.pk).status == "pending"


@FUZZ
@given(token=st.one_of(TEXT, HUGE, UUIDS, st.binary(max_size=60)))
def test_it_carries_only_a_code_shaped_token_through_switch_account(db, token):
    client = tiktok_client(TikTokAccount.objects.first() or factories.TikTokAccountFactory())
    before = row_counts()
    response = fuzz_post(client, reverse("linking:scan_switch_account"), {"token": token})
    check(response, before, saved_with=())
    assert response.status_code == 302
    login, _, fragment = response["Location"].partition("#")
    assert login == f"{reverse('tiktok:login')}?next=%2Ftiktok%2Fscan%2F"
    assert fragment == "" or re.fullmatch(r"t=[A-Za-z0-9_-]{20,100}", fragment), fragment


@pytest.fixture
def unlimited_starts(settings):
    settings.LINK_SESSION_RATE = "1000/m"  # each example rejects, which starts a session


@FUZZ
@given(junk=st.dictionaries(st.sampled_from(["next", "code", "token"]), JUNK), htmx=st.booleans())
def test_it_survives_junk_posted_with_not_our_account(
    staff_client, partner, staff, unlimited_starts, junk, htmx
):
    from linking import services as linking_services
    from linking.models import LinkSession

    session, token = linking_services.link_session_start(partner=partner, started_by=staff)
    account = TikTokAccount.objects.first() or factories.TikTokAccountFactory()
    linking_services.link_session_scan(token=token, account=account)
    url = reverse("linking:reject", args=[session.code])
    response = fuzz_post(staff_client, url, junk, **({"HTTP_HX_REQUEST": "true"} if htmx else {}))
    assert response.status_code in (200, 302), response.status_code
    assert LinkSession.objects.get(pk=session.pk).status == "rejected"
    if location := response.get("Location") or response.get("HX-Push-Url"):
        assert location.startswith("/account/link/"), location


@FUZZ
@given(next_url=URLS, junk=st.dictionaries(st.sampled_from(["confirm", "account_type"]), JUNK))
def test_it_survives_junk_in_switch_to_personal(db, next_url, junk):
    account = factories.TikTokAccountFactory(account_type=TikTokAccount.AccountType.BUSINESS)
    client = tiktok_client(account)
    before = row_counts()
    url = reverse("tiktok:switch_to_personal")
    check(fuzz_get(client, url, {"next": next_url}), before, saved_with=())
    response = fuzz_post(client, url, {"next": next_url} | junk)
    check(response, before, saved_with=())
    account.refresh_from_db()
    assert account.account_type == TikTokAccount.AccountType.PERSONAL


# --- Logins and the admin ------------------------------------------------------------------------


@FUZZ
@given(fields=st.dictionaries(st.sampled_from(["username", "password", "next"]), JUNK))
def test_it_survives_junk_on_the_login_page(db, fields):
    factories.UserFactory(username="fuzz_login")
    AccessAttempt.objects.all().delete()  # each example starts with no lockout
    before = row_counts()
    response = fuzz_post(Client(), reverse("accounts:login"), fields)
    check(response, before, saved_with=())
    assert response.status_code == 200
    check(fuzz_get(Client(), reverse("accounts:login"), fields), before, saved_with=())


PASSWORDS = st.one_of(TEXT, HUGE, st.sampled_from(["12345678", "password", "Quiet-harbour-42"]))


@FUZZ
@given(fields=st.dictionaries(st.sampled_from(["email", "next"]), JUNK))
def test_it_survives_junk_in_the_password_reset_forms(db, fields):
    factories.UserFactory(username="fuzz_reset", email="fuzz@example.com")
    before = row_counts()
    check(fuzz_post(Client(), reverse("accounts:password_reset"), fields), before)
    tiktok = {"login": fields.get("email", "")}
    check(fuzz_post(Client(), reverse("tiktok:password_reset"), tiktok), before)


@FUZZ
@given(
    fields=st.dictionaries(
        st.sampled_from(["old_password", "new_password1", "new_password2"]), PASSWORDS
    )
)
def test_it_survives_junk_in_the_password_change_forms(staff_client, staff, fields):
    account = TikTokAccount.objects.first() or factories.TikTokAccountFactory()
    cache.clear()
    AccessAttempt.objects.all().delete()
    before = row_counts()
    response = fuzz_post(staff_client, reverse("accounts:password_change"), fields)
    check(response, before)
    assert response.status_code in (200, 302)
    response = fuzz_post(tiktok_client(account), reverse("tiktok:password_change"), fields)
    check(response, before)
    assert response.status_code in (200, 302, 429)


@FUZZ
@given(
    fields=st.dictionaries(st.sampled_from(["new_password1", "new_password2"]), PASSWORDS),
    uidb64=TEXT,
    token=TEXT,
)
def test_it_survives_junk_in_the_reset_links_and_new_passwords(db, fields, uidb64, token):
    account = TikTokAccount.objects.first() or factories.TikTokAccountFactory()
    before = row_counts()
    client = Client()
    client.get(reverse("tiktok:password_reset_link", args=[password_reset_token(account)]))
    check(fuzz_post(client, reverse("tiktok:password_reset_new"), fields), before)
    url = reverse("accounts:password_reset_confirm", args=["UID", "TOKEN"])
    # Percent-encoded from bytes, as encode() does: a lone surrogate has no UTF-8 of its own.
    raw_uid, raw_token = (t.encode("utf-8", "surrogatepass") for t in (uidb64, token))
    url = url.replace("UID", quote(raw_uid, safe="") or "x").replace(
        "TOKEN", quote(raw_token, safe="") or "x"
    )
    check(fuzz_get(Client(), url, {}), before, saved_with=())
    check(fuzz_post(Client(), url, fields), before, saved_with=())


@FUZZ
@given(fields=st.dictionaries(st.sampled_from(["reauth_password", "next", "username"]), JUNK))
def test_it_survives_junk_in_confirm_it_is_you(staff_client, partner, fields):
    session = staff_client.session
    session[LOGGED_IN_AT] = 0  # long ago: Get Started asks for the password
    session.save()
    AccessAttempt.objects.all().delete()
    before = row_counts()
    for url in (reverse("accounts:reauthenticate"), reverse("linking:start")):
        response = fuzz_post(staff_client, url, fields)
        check(response, before, saved_with=())
        assert response.status_code in (200, 429)
    check(fuzz_get(staff_client, reverse("accounts:reauthenticate"), fields), before)


@FUZZ
@given(reason=st.one_of(TEXT, HUGE, st.binary(max_size=40)))
def test_it_survives_junk_in_the_admin_unlink_reason(admin_client, partner, reason):
    link = factories.TikTokLinkFactory(partner=partner)
    before = row_counts()
    url = reverse("admin:linking_tiktoklink_unlink", args=[link.pk])
    response = fuzz_post(admin_client, url, {"reason": reason})
    check(response, before)
    if response.status_code == 302:
        # Unlinked: the link is gone and the audit trail has the reason.
        assert not type(link).objects.filter(pk=link.pk).exists()
    else:
        assert type(link).objects.filter(pk=link.pk).exists()
        link.delete()


@FUZZ
@given(
    note=st.one_of(st.just("Call me first."), TEXT, HUGE, st.binary(max_size=40)),
    action=st.sampled_from(["approve", "decline"]),
)
def test_it_survives_junk_in_the_admin_answer_to_an_unlink_request(
    admin_client, partner, note, action
):
    link = factories.TikTokLinkFactory(partner=partner)
    unlink_request = factories.UnlinkRequestFactory(partner=partner)
    before = row_counts()
    url = reverse(f"admin:linking_unlinkrequest_{action}", args=[unlink_request.pk])
    response = fuzz_post(admin_client, url, {"note": note})
    check(response, before)
    unlink_request.refresh_from_db()
    if response.status_code == 302:
        assert unlink_request.status == {"approve": "approved", "decline": "declined"}[action]
        assert TikTokLink.objects.filter(pk=link.pk).exists() == (action == "decline")
    else:
        assert response.status_code == 400, response.status_code
        assert unlink_request.status == "pending"
        assert TikTokLink.objects.filter(pk=link.pk).exists()
    # The next example starts from a linked partner with nothing asked.
    UnlinkRequest.objects.all().delete()
    TikTokLink.objects.all().delete()


# Every admin page, and every parameter its list takes: each list filter's (as Django names
# them), the date hierarchy's, a `__year` on each date field and each foreign key by id (the
# admin takes lookups on any field of its model), search, ordering, page. A new admin, or a new
# filter, is fuzzed without a line here.
ADMIN_MODELS = sorted(m._meta.label for m in apps.get_models() if admin.site.is_registered(m))
LIST_PARAMS = ["q", "o", "p", "e", "all", "_facets"]
DATE_BOUNDARIES = (
    "0 -1 1 2 12 13 28 29 30 31 32 1969 2026 9998 9999 10000 9223372036854775807 "
    "9223372036854775808 -9223372036854775809 1.5 1e3 ١٢ １２ 2026-01-01"
)
DATE_PARTS = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from([*DATE_BOUNDARIES.split(), "9" * 60, " 7 ", ""]),
)
FILTER_JUNK = st.one_of(JUNK, DATE_PARTS)


def admin_list_params(model_admin, request) -> list[str]:
    model = model_admin.model
    params = set(LIST_PARAMS)
    for item in model_admin.get_list_filter(request):
        if isinstance(item, type) and issubclass(item, SimpleListFilter):
            spec = item(request, {}, model, model_admin)
        else:
            path, make = item if isinstance(item, (list, tuple)) else (item, FieldListFilter.create)
            field = get_fields_from_path(model, path)[-1]
            spec = make(field, request, {}, model, model_admin, field_path=path)
        params.update(spec.expected_parameters())
    if model_admin.date_hierarchy:
        parts = ("year", "month", "day")
        params.update(f"{model_admin.date_hierarchy}__{part}" for part in parts)
    for field in model._meta.concrete_fields:
        if isinstance(field, DateField):
            params.add(f"{field.name}__year")
        if field.many_to_one:
            params.add(field.name)
    return sorted(params)


@pytest.fixture
def admin_rows(partner, admin_user):
    """A row in every admin list, so that filters have something to filter."""
    link = factories.TikTokLinkFactory(partner=partner)
    factories.LinkEventFactory(partner=partner, tiktok_account=link.tiktok_account)
    factories.LinkSessionFactory(partner=partner)
    factories.InvitationFactory(partner=partner)
    factories.BindingRequestFactory(partner=partner)
    factories.RegisteredProductFactory(campaign__partner=partner)
    factories.MembershipFactory(partner=partner)
    factories.UnlinkRequestFactory(partner=partner)
    OutboxMessage.objects.create(task_name="fuzz.noop")


def test_it_guards_every_admin_page():
    """Each admin answers 400, not 500, to filters it cannot use (partner_center/admin.py)."""
    unguarded = []
    for label in ADMIN_MODELS:
        model_admin = admin.site.get_model_admin(apps.get_model(label))
        if not isinstance(model_admin, GuardedAdmin):
            unguarded.append(label)
        unguarded += [
            f"{label} inline {inline.__name__}"
            for inline in model_admin.inlines
            if not issubclass(inline, ScopedChoicesMixin)
        ]
    assert not unguarded, f"Derive these from partner_center.admin's bases: {unguarded}"


@pytest.mark.parametrize("label", ADMIN_MODELS)
@FUZZ
@given(data=st.data())
@example(data=None)
def test_it_survives_junk_in_the_admin_searches_and_filters(
    admin_client, admin_user, admin_rows, label, data
):
    model_admin = admin.site.get_model_admin(apps.get_model(label))
    request = RequestFactory().get("/")
    request.user = admin_user
    params = admin_list_params(model_admin, request)
    if data is None:  # the values the issue found, on every page
        queries = [{p: "9223372036854775808"} for p in params] + [{p: "9" * 60} for p in params]
        queries += [{p: "0"} for p in params]
    else:
        queries = [data.draw(st.dictionaries(st.sampled_from(params), FILTER_JUNK, min_size=1))]
    url = reverse(f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}_changelist")
    for query in queries:
        before = row_counts()
        response = fuzz_get(admin_client, url, query)
        check(response, before, saved_with=())
        assert response.status_code in (200, 302, 400), (query, response.status_code)


@pytest.mark.parametrize(
    "url, reason",
    [
        ("/admin/linking/linkevent/?created_at__year=9223372036854775808", "from 1 to 9998"),
        ("/admin/linking/linkevent/?created_at__year=" + "9" * 60, "from 1 to 9998"),
        ("/admin/linking/linkevent/?created_at__year=0", "from 1 to 9998"),
        ("/admin/linking/linkevent/?created_at__year=9999", "from 1 to 9998"),
        ("/admin/linking/linkevent/?created_at__year=2026&created_at__month=13", "no such month"),
        (
            "/admin/linking/linkevent/?created_at__year=2026&created_at__month=2&created_at__day=30",
            "no such month or day",
        ),
        ("/admin/linking/linkevent/?created_at__year=twenty", "whole numbers"),
        ("/admin/accounts/partner/?created_at__year=0", "out of range"),
        ("/admin/accounts/partner/?created_at__iso_year=99999999999999999999", "out of range"),
        ("/admin/accounts/partner/?is_cap__exact=maybe", "True or False"),
        ("/admin/linking/tiktoklink/?q=" + "x" * 50_001, "at most 1,000 characters"),
        ("/admin/linking/unlinkrequest/?q=" + "%25" * 1001, "at most 1,000 characters"),
    ],
)
def test_it_answers_400_saying_why_for_a_filter_it_cannot_use(
    admin_client, admin_rows, url, reason
):
    response = admin_client.get(url)
    assert response.status_code == 400
    assert "Cannot filter" in response.text and reason in response.text
    assert "Show all" in response.text


def test_it_still_filters_by_a_real_date(admin_client, partner):
    old = factories.LinkEventFactory(partner=partner, reason="Zqoldevent")
    old.created_at = old.created_at.replace(year=2001)
    old.save()
    factories.LinkEventFactory(partner=partner, reason="Zqnewevent")
    url = reverse("admin:linking_linkevent_changelist")
    for query in (
        "created_at__year=2001",
        f"created_at__year=2001&created_at__month={old.created_at.month}",
    ):
        page = admin_client.get(f"{url}?{query}")
        assert page.status_code == 200
        assert "Zqoldevent" in page.text and "Zqnewevent" not in page.text


def test_it_answers_400_for_a_nul_in_the_query(admin_client, staff_client):
    # The admin's list filters hand the value to the database, which refuses NUL on PostgreSQL.
    response = admin_client.get(reverse("admin:accounts_partner_changelist") + "?market=%00")
    assert response.status_code == 400
    assert b"NUL" in response.content
    assert staff_client.get(reverse("creators:find") + "?q=a%00b").status_code == 400
    assert staff_client.get(reverse("creators:find") + "?q=ab").status_code == 200


def test_it_answers_a_body_over_the_upload_limit_with_400(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    before = row_counts()
    response = fuzz_post(client, reverse("tiktok:signup"), {"handle": "x" * 20_000})
    assert response.status_code == 400
    assert row_counts() == before


def test_it_refuses_birth_dates_in_the_future_and_before_year_one(client):
    for birth_date in [str(date.today() + timedelta(days=1)), "0000-12-31", "10000-01-01"]:
        fields = {"handle": "fuzz.future", "birth_date": birth_date} | {
            k: v for k, v in SIGNUP_VALID.items() if k != "birth_date"
        }
        response = fuzz_post(client, reverse("tiktok:signup"), fields)
        assert response.status_code == 200
        assert not TikTokAccount.objects.filter(handle="fuzz.future").exists()


# --- Values in the URL's path ----------------------------------------------------------------

STR_ROUTES = ["tiktok:profile", "tiktok:avatar", "tiktok:password_reset_link"]


@FUZZ
@given(
    value=st.one_of(TEXT, HUGE, st.binary(min_size=1, max_size=40)),
    name=st.sampled_from(STR_ROUTES),
)
def test_it_survives_junk_in_the_path(db, value, name):
    """<str:handle> and the reset link's <str:token> reach the database: NUL, which PostgreSQL
    refuses, too. (No path holds a link code's token any more: it is posted, fuzzed above.)"""
    raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
    placeholder = "PLACEHOLDER"
    kwarg = "handle" if name in ("tiktok:profile", "tiktok:avatar") else "token"
    url = reverse(name, kwargs={kwarg: placeholder}).replace(
        placeholder, quote_from_bytes(raw, safe="") or "x"
    )
    account = TikTokAccount.objects.first() or factories.TikTokAccountFactory()
    before = row_counts()
    for client in (Client(), tiktok_client(account)):
        check(client.get(url), before, saved_with=())


def test_it_answers_404_for_a_nul_in_a_handle(client):
    assert client.get("/tiktok/@%00/").status_code == 404
    assert client.get("/tiktok/avatars/a%00b.png").status_code == 404


# --- Link TikTok Account's round trip keeps what was typed, whatever it was -------------------

DRAFT_FIELDS = sorted({*INVITE, *BINDING, *CAMPAIGN} - {"next"})


@FUZZ
@given(
    junk=st.dictionaries(st.sampled_from(DRAFT_FIELDS), JUNK),
    page=st.sampled_from(["invite", "partnership_add", "campaign_create", "campaign_edit"]),
)
def test_it_survives_junk_kept_as_a_draft_for_the_link_flow(
    staff_client, partner, directory, junk, page
):
    campaign = factories.CampaignFactory(partner=partner, published_at=None)
    url = {
        "invite": f"{reverse('creators:invite')}?creators={directory[0].code}",
        "partnership_add": reverse("creators:partnership_add"),
        "campaign_create": reverse("campaigns:create"),
        "campaign_edit": reverse("campaigns:edit", args=[campaign.code]),
    }[page]
    before = row_counts()
    response = fuzz_post(staff_client, url, {**junk, "_link_tiktok": "1"})
    check(response, before, saved_with=())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("linking:start"))
    back = staff_client.get(url)  # back from the link flow: the draft fills the form
    check(back, before, saved_with=())
    assert back.status_code == 200


@FUZZ
@given(object_id=st.one_of(TEXT, NUMBERS, UUIDS).filter(lambda v: "/" not in v))
def test_it_answers_404_for_any_unknown_link_in_the_admin_unlink_url(admin_client, object_id):
    raw = quote_from_bytes(object_id.encode("utf-8", "surrogatepass"), safe="") or "x"
    before = row_counts()
    response = admin_client.get(f"/admin/linking/tiktoklink/{raw}/unlink/")
    check(response, before, saved_with=())
    assert response.status_code in (302, 404)  # 302: the admin's own catch-all


AGENCY_PROFILE = ["name", "contact_email", "website", "remove_logo", "share_CAP_US", "share_TAP_US"]
AGENCY_PROFILE_VALID = {"name": "Northstar", "contact_email": "a@b.example", "website": "b.example"}


@FUZZ
@given(fields=mix(AGENCY_PROFILE_VALID, AGENCY_PROFILE))
def test_it_survives_junk_in_the_agency_profile(staff_client, partner, fields):
    before = row_counts()
    response = fuzz_post(staff_client, reverse("linking:agency_profile_edit"), fields)
    check(response, before)
    assert response.status_code in (302, 400)


@FUZZ
@given(logo=st.binary(max_size=200), name=st.sampled_from(["logo.png", "x.gif", "", "a" * 300]))
def test_it_survives_junk_logos(staff_client, partner, settings, tmp_path, logo, name):
    settings.MEDIA_ROOT = tmp_path
    before = row_counts()
    upload = SimpleUploadedFile(name or "f", logo) if logo else ""
    response = staff_client.post(
        reverse("linking:agency_profile_edit"), {**AGENCY_PROFILE_VALID, "logo": upload}
    )
    check(response, before)
    partner.refresh_from_db()
    assert response.status_code in (302, 400)
    assert bool(partner.logo) is False  # none of these bytes is an image
