"""A creator's page from Find Creators (/creators/c/<code>/): profile, figures, a link and a QR
code to their TikTok profile, Invite for them alone, and this agency's history with them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from creators.models import Creator, Invitation
from partner_center.qr import qr_svg
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def ayu(db):
    return factories.CreatorFactory(
        tiktok_account__handle="ayu.style",
        tiktok_account__display_name="Ayu Lestari",
        tiktok_account__bio="Batik every day",
        tiktok_account__followers=48_200,
        tiktok_account__following=310,
        tiktok_account__likes=1_250_000,
        sales_30d=12_400,
        units_sold_30d=830,
        avg_views=9_700,
        engagement_rate=Decimal("6.25"),
        content_type="both",
        followers_growth_30d=Decimal("12.50"),
        category="fashion",
        market="ID",
    )


def _url(creator) -> str:
    return reverse("creators:creator", args=[creator.code])


def test_it_shows_the_profile_and_figures(staff_client, ayu):
    response = staff_client.get(_url(ayu))
    assert response.status_code == 200
    text = response.text
    for shown in ("@ayu.style", "Ayu Lestari", "Batik every day", "Womenswear &amp; Menswear"):
        assert shown in text
    assert "Indonesia" in text
    for figure in ("48,200", "310", "1,250,000", "$12,400", "830", "9,700", "6.25%"):
        assert figure in text
    assert "Video and LIVE" in text
    assert "12.50%" in text and "Fast growing</span>" in text
    assert f'src="{ayu.tiktok_account.avatar_url}"' in text


def test_it_links_and_codes_the_tiktok_profile(staff_client, ayu):
    text = staff_client.get(_url(ayu)).text
    profile_url = "http://testserver/tiktok/@ayu.style/"
    assert f'href="{profile_url}"' in text
    assert str(qr_svg(profile_url, title="QR code of @ayu.style's TikTok profile")) in text


def test_its_invite_starts_an_invitation_to_this_creator_alone(staff_client, ayu, link):
    other = factories.CreatorFactory()
    # A selection kept from Find Creators' pages stays out of it, and is kept.
    staff_client.post(
        reverse("creators:selection"), {"shown": [other.code], "creators": [other.code]}
    )
    text = staff_client.get(_url(ayu)).text
    invite_url = f"{reverse('creators:invite')}?creator={ayu.code}"
    assert f'href="{invite_url}"' in text
    form = staff_client.get(invite_url)
    assert "1 creator selected" in form.text and "@ayu.style" in form.text
    response = staff_client.post(
        invite_url,
        {
            "purpose": "partnership",
            "message": "Hello",
            "contact_email": "team@agency.example",
            "idempotency_key": form.context["form"]["idempotency_key"].value(),
        },
    )
    assert response.status_code == 302
    assert list(Invitation.objects.values_list("creator", flat=True)) == [ayu.pk]
    assert "1 selected" in staff_client.get(reverse("creators:find")).text


def test_find_creators_links_each_creator_to_their_page(staff_client, ayu):
    assert f'href="{_url(ayu)}"' in staff_client.get(reverse("creators:find")).text


def test_it_shows_this_agencys_history_with_the_creator(
    staff_client, partner, staff, ayu, other_partner
):
    mine = factories.InvitationFactory(
        partner=partner, creator=ayu, sent_by=staff, status="declined"
    )
    factories.InvitationFactory(partner=other_partner, creator=ayu, message="Rival hello")
    factories.LinkFactory(partner=partner, creator=ayu)
    text = staff_client.get(_url(ayu)).text
    assert reverse("creators:invitation", args=[mine.code]) in text
    assert "Not interested" in text and f"Sent by {staff}" in text
    assert "Linked" in text
    assert text.count("Invitation of ") == 1


def test_it_says_when_the_agency_has_no_history_with_them(staff_client, ayu):
    text = staff_client.get(_url(ayu)).text
    assert "Not invited by your agency yet." in text and "never asked" in text


@pytest.mark.parametrize("kind", [Creator.AccountKind.OFFICIAL, Creator.AccountKind.MARKETING])
def test_official_and_marketing_accounts_have_no_page(staff_client, kind):
    account = factories.CreatorFactory(account_kind=kind)
    assert staff_client.get(_url(account)).status_code == 404


def test_an_unknown_code_is_not_found(staff_client):
    assert staff_client.get("/creators/c/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_it_refuses_a_member_without_find_creators(no_find_creators_client, ayu):
    assert no_find_creators_client.get(_url(ayu)).status_code == 403


def test_it_sends_strangers_away(client, creator_client, ayu):
    assert client.get(_url(ayu)).status_code == 302
    assert creator_client.get(_url(ayu)).status_code == 403


def test_another_agency_sees_the_directory_entry_but_not_our_history(
    other_staff_client, partner, staff, ayu
):
    factories.InvitationFactory(partner=partner, creator=ayu, sent_by=staff)
    response = other_staff_client.get(_url(ayu))
    assert response.status_code == 200
    assert "Not invited by your agency yet." in response.text and str(staff) not in response.text


def test_it_answers_only_get(staff_client, ayu):
    assert staff_client.post(_url(ayu)).status_code == 405
