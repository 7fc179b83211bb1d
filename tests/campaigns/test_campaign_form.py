"""Create Campaign and Edit: every date and range rule, the gated Attach TikTok profile checkbox,
and the Link TikTok Account round trip that keeps what was typed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaigns.models import Campaign
from creators.models import Category
from tests.factories import CampaignFactory, TikTokLinkFactory

pytestmark = pytest.mark.django_db

NEW = "/campaigns/new/"


def _data(**overrides) -> dict:
    data = {
        "name": "Spring Glow Week",
        "description": "Glow all spring",
        "registration_starts_at": "2026-12-01T09:00",
        "registration_ends_at": "2026-12-10T09:00",
        "starts_at": "2026-12-12T09:00",
        "ends_at": "2026-12-31T18:00",
        "commission_rate": "15.5",
        "categories": ["beauty", "home"],
        "min_shop_rating": "4.0",
        "contact_email": "campaigns@northstar.example",
        "attach_profile": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _errors(response) -> dict:
    return response.context["form"].errors


@pytest.fixture
def linked(partner):
    return TikTokLinkFactory(partner=partner, tiktok_account__handle="northstar.official")


def test_it_creates_a_campaign(staff_client, staff, partner, linked):
    response = staff_client.post(NEW, _data())
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/campaigns/{campaign.code}/"
    assert campaign.partner == partner
    assert campaign.created_by == staff
    assert campaign.categories == [Category.BEAUTY, Category.HOME]
    assert campaign.commission_rate == Decimal("15.5")
    assert campaign.attach_profile is True


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
    campaign = CampaignFactory(partner=partner, attach_profile=True)
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
    campaign = CampaignFactory(partner=partner, attach_profile=True)
    staff_client.post(f"/campaigns/{campaign.code}/edit/", _data(name="Edited while unlinked"))
    details = f"/seller/campaigns/{campaign.code}/"
    assert "@northstar.official" not in seller_client.get(details).content.decode()

    TikTokLinkFactory(partner=partner, tiktok_account__handle="northstar.official")
    html = seller_client.get(details).content.decode()
    assert '<a href="/tiktok/@northstar.official/">@northstar.official</a>' in html


def test_unticking_while_unlinked_detaches_the_profile(staff_client, partner):
    campaign = CampaignFactory(partner=partner, attach_profile=True)
    url = f"/campaigns/{campaign.code}/edit/"
    staff_client.post(url, _data(attach_profile=None))
    campaign.refresh_from_db()
    assert campaign.attach_profile is False
    assert 'id="id_attach_profile" disabled' in staff_client.get(url).content.decode()


def test_editing_while_unlinked_cannot_attach_the_profile(staff_client, partner):
    campaign = CampaignFactory(partner=partner, attach_profile=False)
    url = f"/campaigns/{campaign.code}/edit/"
    assert 'id="id_attach_profile" disabled' in staff_client.get(url).content.decode()
    staff_client.post(url, _data(attach_profile="on"))
    campaign.refresh_from_db()
    assert campaign.attach_profile is False


def test_editing_while_linked_can_detach_the_profile(staff_client, partner, linked):
    campaign = CampaignFactory(partner=partner, attach_profile=True)
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
    campaign = CampaignFactory(partner=partner, name="Before")
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
            "Registration must open before it closes.",
        ),
        (
            {"registration_ends_at": "2026-11-30T09:00"},
            "registration_ends_at",
            "Registration must open before it closes.",
        ),
        (
            {"registration_ends_at": "2027-01-01T09:00"},
            "registration_ends_at",
            "Registration must close no later than the campaign ends.",
        ),
        ({"ends_at": "2026-12-12T09:00"}, "ends_at", "The campaign must end after it starts."),
        ({"ends_at": "2026-12-11T09:00"}, "ends_at", "The campaign must end after it starts."),
        (
            {"starts_at": "yesterday-ish"},
            "starts_at",
            "Enter a date and time, e.g. 2026-12-01 09:00.",
        ),
        (
            {"registration_starts_at": "2026-02-30T09:00"},
            "registration_starts_at",
            "Enter a date and time, e.g. 2026-12-01 09:00.",
        ),
        (
            {"ends_at": "99999-01-01T00:00"},
            "ends_at",
            "Enter a date and time, e.g. 2026-12-01 09:00.",
        ),
        ({"commission_rate": "0.9"}, "commission_rate", "The commission rate is at least 1 %."),
        ({"commission_rate": "80.1"}, "commission_rate", "The commission rate is at most 80 %."),
        ({"commission_rate": "-5"}, "commission_rate", "The commission rate is at least 1 %."),
        (
            {"commission_rate": "1e9"},
            "commission_rate",
            "The commission rate is between 1 and 80 %.",
        ),
        (
            {"commission_rate": "123456789"},
            "commission_rate",
            "The commission rate is between 1 and 80 %.",
        ),
        ({"commission_rate": "NaN"}, "commission_rate", "Enter a number."),
        ({"commission_rate": "lots"}, "commission_rate", "Enter a number."),
        (
            {"min_shop_rating": "5.1"},
            "min_shop_rating",
            "The minimum shop rating is between 0 and 5.",
        ),
        (
            {"min_shop_rating": "-1"},
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
        ({"contact_email": "not-an-email"}, "contact_email", "Enter a valid email address."),
        ({"name": ""}, "name", "This field is required."),
        ({"name": "x" * 121}, "name", "Ensure this value has at most 120 characters"),
    ],
)
def test_it_explains_each_bad_input_and_saves_nothing(staff_client, overrides, field, message):
    response = staff_client.post(NEW, _data(**overrides))
    assert response.status_code == 400
    assert any(message in error for error in _errors(response)[field])
    assert message.split("“")[0] in response.content.decode().replace("&quot;", '"')
    assert not Campaign.objects.exists()


def test_it_allows_registration_to_close_exactly_when_the_campaign_ends(staff_client):
    response = staff_client.post(
        NEW, _data(registration_ends_at="2026-12-31T18:00", starts_at="2026-12-02T09:00")
    )
    assert response.status_code == 302


def test_it_edits_a_campaign(staff_client, partner, linked):
    campaign = CampaignFactory(partner=partner, name="Before")
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
    campaign = CampaignFactory(partner=partner, name="Before")
    url = f"/campaigns/{campaign.code}/edit/"
    response = staff_client.post(url, _data(name="After", ends_at="2026-12-01T00:00"))
    assert response.status_code == 400
    campaign.refresh_from_db()
    assert campaign.name == "Before"


def test_another_partners_staff_cannot_edit(other_staff_client, partner):
    campaign = CampaignFactory(partner=partner, name="Before")
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
    campaign = CampaignFactory(partner=partner)
    assert staff_client.delete(NEW).status_code == 405
    assert staff_client.put(f"/campaigns/{campaign.code}/edit/").status_code == 405


FIELDS = [
    "name",
    "registration_starts_at",
    "registration_ends_at",
    "starts_at",
    "ends_at",
    "commission_rate",
    "min_shop_rating",
    "contact_email",
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
