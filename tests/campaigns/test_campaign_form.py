"""Create Campaign and Edit: every field's rule and limit, dates in the market's time zone,
target sellers by shop code, Ready-only editing, the gated Attach TikTok profile checkbox, and
the Link TikTok Account round trip that keeps what was typed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaigns.markets import time_zone
from campaigns.models import Campaign
from creators.models import Category
from tests.factories import CampaignFactory, SellerFactory, TikTokLinkFactory

pytestmark = pytest.mark.django_db

NEW = "/campaigns/new/"


def _data(**overrides) -> dict:
    data = {
        "name": "Spring Glow Week",
        "description": "Glow all spring",
        "starts_at": "2026-12-01T09:00",
        "registration_ends_at": "2026-12-10T09:00",
        "ends_at": "2026-12-31T18:00",
        "commission_rate": "15",
        "categories": ["beauty", "home"],
        "min_shop_rating": "4.0",
        "target": "all",
        "seller_origin": "both",
        "contact_email": "campaigns@northstar.example",
        "attach_profile": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _errors(response) -> dict:
    return response.context["form"].errors


def _ready(**fields):
    return CampaignFactory(published_at=None, **fields)


def _upcoming(**fields):
    now = timezone.now()
    return CampaignFactory(
        registration_starts_at=now + timedelta(days=1),
        registration_ends_at=now + timedelta(days=5),
        ends_at=now + timedelta(days=9),
        **fields,
    )


@pytest.fixture
def linked(partner):
    return TikTokLinkFactory(partner=partner, tiktok_account__handle="northstar.official")


def test_it_creates_a_campaign(staff_client, staff, partner, linked):
    response = staff_client.post(NEW, _data(contact_phone="+1 415 555 0100"))
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/campaigns/{campaign.code}/"
    assert campaign.partner == partner
    assert campaign.created_by == staff
    assert campaign.categories == [Category.BEAUTY, Category.HOME]
    assert campaign.commission_rate == Decimal("15")
    assert campaign.contact_phone == "+1 415 555 0100"
    assert campaign.attach_profile is True
    assert campaign.status == Campaign.Status.READY
    # 09:00 in Los Angeles, the US market's time, is 17:00 UTC.
    assert campaign.starts_at == campaign.registration_starts_at
    assert campaign.starts_at == datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
    assert "Saved as Ready" not in response.content.decode()


def test_it_shows_the_dates_in_the_markets_time_zone(staff_client, partner):
    campaign = _ready(partner=partner, starts_at=datetime(2026, 12, 1, 17, 0, tzinfo=UTC))
    html = staff_client.get(f"/campaigns/{campaign.code}/edit/").content.decode()
    assert 'value="2026-12-01T09:00"' in html
    assert "America/Los_Angeles" in html
    detail = staff_client.get(f"/campaigns/{campaign.code}/").content.decode()
    assert "1 Dec 2026 09:00" in detail


def test_it_targets_selected_sellers_by_shop_code(staff_client, partner):
    glow = SellerFactory(shop_code="GLOW000001")
    kitchen = SellerFactory(shop_code="KITCHEN002")
    response = staff_client.post(
        NEW, _data(target="selected", shop_codes="glow000001, KITCHEN002\nGLOW000001")
    )
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert campaign.target == Campaign.Target.SELECTED
    assert set(campaign.target_sellers.all()) == {glow, kitchen}
    html = staff_client.get(f"/campaigns/{campaign.code}/edit/").content.decode()
    assert "GLOW000001 KITCHEN002" in html


def test_it_names_shop_codes_it_does_not_know(staff_client, partner):
    SellerFactory(shop_code="ELSEWHERE1", market="GB")
    response = staff_client.post(NEW, _data(target="selected", shop_codes="ELSEWHERE1 NOPE"))
    assert response.status_code == 400
    assert _errors(response)["shop_codes"] == [
        "No shop in United States has the code ELSEWHERE1, NOPE."
    ]
    assert not Campaign.objects.exists()


def test_it_selects_at_most_100_sellers(staff_client):
    codes = " ".join(f"CODE{i:06d}" for i in range(101))
    response = staff_client.post(NEW, _data(target="selected", shop_codes=codes))
    assert _errors(response)["shop_codes"] == ["Select at most 100 sellers; you entered 101."]


def test_all_sellers_ignores_shop_codes_left_in_the_box(staff_client):
    response = staff_client.post(NEW, _data(target="all", shop_codes="NOPE"))
    assert response.status_code == 302
    assert not Campaign.objects.get().target_sellers.exists()


def test_selected_sellers_need_a_shop_code(staff_client):
    response = staff_client.post(NEW, _data(target="selected", shop_codes=" , "))
    assert _errors(response)["shop_codes"] == ["Enter the shop code of at least one seller."]


@pytest.mark.parametrize("origin", ["local", "cross_border", "both"])
def test_all_sellers_of_the_market_by_origin(staff_client, origin):
    assert staff_client.post(NEW, _data(seller_origin=origin)).status_code == 302
    assert Campaign.objects.get().seller_origin == origin


@pytest.mark.parametrize(
    ("make", "status"), [(CampaignFactory, "Ongoing"), (_upcoming, "Upcoming")]
)
def test_a_published_campaign_cannot_be_edited(staff_client, partner, make, status):
    campaign = make(partner=partner, name="Before")
    url = f"/campaigns/{campaign.code}/edit/"
    for response in (staff_client.get(url), staff_client.post(url, _data(name="After"))):
        assert response.status_code == 409
        assert "A published campaign can no longer be edited." in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.name == "Before"


def test_it_offers_the_checkbox_checked_while_linked(staff_client, linked):
    html = staff_client.get(NEW).content.decode()
    assert 'name="attach_profile" id="id_attach_profile" checked' in html
    assert "@northstar.official" in html
    assert "Link TikTok Account" not in html


def test_it_disables_the_checkbox_while_unlinked(staff_client):
    html = staff_client.get(NEW).content.decode()
    assert 'id="id_attach_profile" disabled' in html
    assert 'name="_link_tiktok"' in html


def test_it_ignores_a_posted_attach_profile_while_unlinked(staff_client):
    staff_client.post(NEW, _data(attach_profile="on"))
    assert Campaign.objects.get().attach_profile is False


def test_editing_while_unlinked_keeps_attach_tiktok_profile(staff_client, partner):
    campaign = _ready(partner=partner, attach_profile=True)
    url = f"/campaigns/{campaign.code}/edit/"
    html = staff_client.get(url).content.decode()
    assert 'name="attach_profile" id="id_attach_profile" checked' in html
    assert "Waiting for a link" in html
    assert 'name="_link_tiktok"' in html
    response = staff_client.post(url, _data(name="Renamed while unlinked"))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.name == "Renamed while unlinked"
    assert campaign.attach_profile is True


def test_relinking_shows_the_handle_kept_through_an_edit_to_sellers(
    staff_client, seller_client, partner
):
    campaign = _ready(partner=partner, attach_profile=True)
    soon = timezone.localtime(timezone.now() + timedelta(days=1), time_zone("US"))
    dates = {
        "starts_at": soon.strftime("%Y-%m-%dT%H:%M"),
        "registration_ends_at": (soon + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (soon + timedelta(days=9)).strftime("%Y-%m-%dT%H:%M"),
    }
    staff_client.post(
        f"/campaigns/{campaign.code}/edit/", _data(name="Edited while unlinked", **dates)
    )
    assert staff_client.post(f"/campaigns/{campaign.code}/publish/").status_code == 302
    details = f"/seller/campaigns/{campaign.code}/"
    assert "@northstar.official" not in seller_client.get(details).content.decode()

    TikTokLinkFactory(partner=partner, tiktok_account__handle="northstar.official")
    html = seller_client.get(details).content.decode()
    assert '<a href="/tiktok/@northstar.official/">@northstar.official</a>' in html


def test_unticking_while_unlinked_detaches_the_profile(staff_client, partner):
    campaign = _ready(partner=partner, attach_profile=True)
    url = f"/campaigns/{campaign.code}/edit/"
    staff_client.post(url, _data(attach_profile=None))
    campaign.refresh_from_db()
    assert campaign.attach_profile is False
    assert 'id="id_attach_profile" disabled' in staff_client.get(url).content.decode()


def test_editing_while_unlinked_cannot_attach_the_profile(staff_client, partner):
    campaign = _ready(partner=partner, attach_profile=False)
    url = f"/campaigns/{campaign.code}/edit/"
    assert 'id="id_attach_profile" disabled' in staff_client.get(url).content.decode()
    staff_client.post(url, _data(attach_profile="on"))
    campaign.refresh_from_db()
    assert campaign.attach_profile is False


def test_editing_while_linked_can_detach_the_profile(staff_client, partner, linked):
    campaign = _ready(partner=partner, attach_profile=True)
    staff_client.post(f"/campaigns/{campaign.code}/edit/", _data(attach_profile=None))
    campaign.refresh_from_db()
    assert campaign.attach_profile is False


def test_link_tiktok_account_keeps_what_was_typed_and_comes_back(staff_client, partner):
    typed = _data(name="Typed Before Linking", categories=["pets"], attach_profile=None)
    response = staff_client.post(NEW, {**typed, "_link_tiktok": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/account/link/?next=%2Fcampaigns%2Fnew%2F"
    assert not Campaign.objects.exists()

    TikTokLinkFactory(partner=partner)  # the link flow succeeds
    html = staff_client.get(NEW).content.decode()
    assert 'value="Typed Before Linking"' in html
    assert 'value="pets" id="id_categories_7" checked' in html
    assert 'value="2026-12-10T09:00"' in html
    assert 'name="attach_profile" id="id_attach_profile" checked' in html

    # The draft is used once.
    assert 'value="Typed Before Linking"' not in staff_client.get(NEW).content.decode()


def test_it_keeps_the_draft_from_edit_too(staff_client, partner):
    campaign = _ready(partner=partner, name="Before")
    url = f"/campaigns/{campaign.code}/edit/"
    staff_client.post(url, {**_data(name="Renamed"), "_link_tiktok": "1"})
    html = staff_client.get(url).content.decode()
    assert 'value="Renamed"' in html
    campaign.refresh_from_db()
    assert campaign.name == "Before"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"registration_ends_at": "2026-12-01T09:00"},
            "registration_ends_at",
            "Registration must close after it opens.",
        ),
        (
            {"registration_ends_at": "2026-12-02T08:59"},
            "registration_ends_at",
            "The registration period lasts at least 1 day.",
        ),
        (
            {"registration_ends_at": "2027-11-27T09:01", "ends_at": "2027-11-27T09:01"},
            "registration_ends_at",
            "The registration period lasts at most 360 days.",
        ),
        (
            {"registration_ends_at": "2027-01-01T09:00"},
            "registration_ends_at",
            "Registration must close no later than the campaign ends.",
        ),
        ({"ends_at": "2026-12-01T09:00"}, "ends_at", "The campaign must end after it starts."),
        (
            {"ends_at": "2027-11-27T09:01"},
            "ends_at",
            "The campaign period lasts at most 360 days.",
        ),
        (
            {"starts_at": "yesterday-ish"},
            "starts_at",
            "Enter a date and time, e.g. 2026-12-01 09:00.",
        ),
        (
            {"starts_at": "2026-02-30T09:00"},
            "starts_at",
            "Enter a date and time, e.g. 2026-12-01 09:00.",
        ),
        (
            {"ends_at": "99999-01-01T00:00"},
            "ends_at",
            "Enter a date and time, e.g. 2026-12-01 09:00.",
        ),
        (
            {"commission_rate": "0"},
            "commission_rate",
            "The commission requirement is at least 1 %.",
        ),
        (
            {"commission_rate": "81"},
            "commission_rate",
            "The commission requirement is at most 80 %.",
        ),
        (
            {"commission_rate": "-5"},
            "commission_rate",
            "The commission requirement is at least 1 %.",
        ),
        ({"commission_rate": "15.5"}, "commission_rate", "Enter a whole number from 1 to 80."),
        ({"commission_rate": "1e9"}, "commission_rate", "Enter a whole number from 1 to 80."),
        ({"commission_rate": "NaN"}, "commission_rate", "Enter a whole number from 1 to 80."),
        ({"commission_rate": "lots"}, "commission_rate", "Enter a whole number from 1 to 80."),
        (
            {"min_shop_rating": "5.1"},
            "min_shop_rating",
            "The minimum shop rating is between 0 and 5.",
        ),
        (
            {"min_shop_rating": "500"},
            "min_shop_rating",
            "The minimum shop rating is between 0 and 5.",
        ),
        ({"categories": []}, "categories", "Choose at least one product category."),
        ({"categories": ["garden"]}, "categories", "“garden” is not a product category."),
        ({"target": "friends"}, "target", "Choose selected sellers or all sellers."),
        ({"seller_origin": "mars"}, "seller_origin", "Choose local, cross-border or both."),
        ({"seller_origin": ""}, "seller_origin", "Choose local, cross-border or both."),
        ({"contact_email": "not-an-email"}, "contact_email", "Enter a valid email address."),
        ({"contact_phone": "call me"}, "contact_phone", "Enter a phone number with its country"),
        ({"contact_phone": "+1 415\n555 0100"}, "contact_phone", "Enter a phone number"),
        ({"name": ""}, "name", "This field is required."),
        ({"name": "word " * 51}, "name", "The title has 51 words; at most 50."),
        (
            {"description": "word " * 1001},
            "description",
            "The requirements has 1001 words; at most 1000.",
        ),
    ],
)
def test_it_explains_each_bad_input_and_saves_nothing(staff_client, overrides, field, message):
    response = staff_client.post(NEW, _data(**overrides))
    assert response.status_code == 400
    assert any(message in error for error in _errors(response)[field])
    assert message.split("“")[0] in response.content.decode().replace("&quot;", '"')
    assert not Campaign.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"registration_ends_at": "2026-12-31T18:00"},  # closes as the campaign ends
        {"registration_ends_at": "2026-12-02T09:00"},  # exactly 1 day
        {"registration_ends_at": "2027-11-26T09:00", "ends_at": "2027-11-26T09:00"},  # 360 days
        {"name": "word " * 50, "description": "word " * 1000},
        {"commission_rate": "1"},
        {"commission_rate": "80"},
        {"contact_phone": "+62 812-3456-7890"},
    ],
)
def test_it_accepts_each_limit_itself(staff_client, overrides):
    assert staff_client.post(NEW, _data(**overrides)).status_code == 302


def test_it_edits_a_campaign(staff_client, partner, linked):
    campaign = _ready(partner=partner, name="Before")
    url = f"/campaigns/{campaign.code}/edit/"
    html = staff_client.get(url).content.decode()
    assert 'value="Before"' in html
    assert 'value="beauty" id="id_categories_0" checked' in html
    response = staff_client.post(url, _data(name="After", categories=["toys"]))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.name == "After"
    assert campaign.categories == [Category.TOYS]


def test_it_keeps_an_edit_unsaved_when_invalid(staff_client, partner):
    campaign = _ready(partner=partner, name="Before")
    url = f"/campaigns/{campaign.code}/edit/"
    response = staff_client.post(url, _data(name="After", ends_at="2026-12-01T00:00"))
    assert response.status_code == 400
    campaign.refresh_from_db()
    assert campaign.name == "Before"


def test_another_partners_staff_cannot_edit(other_staff_client, partner):
    campaign = _ready(partner=partner, name="Before")
    url = f"/campaigns/{campaign.code}/edit/"
    assert other_staff_client.get(url).status_code == 404
    assert other_staff_client.post(url, _data(name="Hijacked")).status_code == 404
    campaign.refresh_from_db()
    assert campaign.name == "Before"


@pytest.mark.parametrize("url", [NEW, "/campaigns/00000000-0000-0000-0000-000000000000/edit/"])
def test_it_refuses_other_roles(client, creator_client, seller_client, url):
    assert client.get(url)["Location"].startswith("/login/")
    assert creator_client.get(url).status_code == 403
    assert seller_client.post(url, _data()).status_code == 403


def test_it_refuses_other_methods(staff_client, partner):
    campaign = _ready(partner=partner)
    assert staff_client.delete(NEW).status_code == 405
    assert staff_client.put(f"/campaigns/{campaign.code}/edit/").status_code == 405


FIELDS = [
    "name",
    "registration_ends_at",
    "starts_at",
    "target",
    "seller_origin",
    "shop_codes",
    "ends_at",
    "commission_rate",
    "min_shop_rating",
    "contact_email",
    "contact_phone",
    "categories",
]
JUNK = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["", "-1", "1e400", "NaN", "Infinity", "0001-01-01T00:00", "9999-12-31T23:59", "\x00"]
    ),
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(junk=st.dictionaries(st.sampled_from(FIELDS), JUNK, min_size=1))
def test_it_never_fails_on_junk_and_saves_only_valid_campaigns(staff_client, junk):
    before = Campaign.objects.count()
    response = staff_client.post(NEW, _data(**junk))
    assert response.status_code in (302, 400)
    assert Campaign.objects.count() == before + (response.status_code == 302)
