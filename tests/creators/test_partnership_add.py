from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Market
from creators import partnership_rules as rules
from creators.forms import parse_handles
from creators.models import BindingRequest
from tests import factories

pytestmark = pytest.mark.django_db
URL = reverse("creators:partnership_add")


@pytest.fixture
def creators():
    return [factories.CreatorFactory(tiktok_account__handle=h) for h in ("mia.makes", "Kofi_Cooks")]


def _in(days: int) -> str:
    """A day `days` after today in the agency's market (the US, eight hours behind UTC in
    winter): the form reads its dates there."""
    return (rules.market_today(Market.US, timezone.now()) + timedelta(days=days)).isoformat()


def _post(client, handles, **extra):
    data = {"handles": handles, "message": "Join us", "last_day": _in(30), **extra}
    return client.post(URL, data)


def test_it_parses_handles_in_any_separator():
    assert parse_handles("@mia, kofi\n@ayu  mia") == ["mia", "kofi", "ayu"]


def test_it_sends_link_requests_by_handle_until_the_expiry_date(
    staff_client, partner, staff, creators, link
):
    response = _post(staff_client, "@mia.makes,\nkofi_cooks", attach_profile="on")
    assert response["Location"] == reverse("creators:partnerships") + "?tab=link_requested"
    requests = BindingRequest.objects.filter(partner=partner)
    assert {r.creator for r in requests} == set(creators)
    assert all(r.attach_profile and r.sent_by == staff for r in requests)
    assert {r.last_day.isoformat() for r in requests} == {_in(30)}


def test_it_says_what_was_sent_in_the_singular_or_plural(staff_client, creators):
    response = staff_client.post(URL, {"handles": "mia.makes", "last_day": _in(30)}, follow=True)
    assert '<p class="message message-success">Sent 1 link request.</p>' in response.text
    response = staff_client.post(
        URL, {"handles": "mia.makes kofi_cooks", "last_day": _in(30)}, follow=True
    )
    assert '<p class="message message-success">Sent 1 link request.</p>' in response.text
    assert (
        '<p class="message message-warning">'
        "Skipped @mia.makes: already asked, not answered yet.</p>" in response.text
    )


def test_it_warns_when_nothing_was_sent_naming_who_and_why(staff_client, partner, creators):
    factories.LinkFactory(partner=partner, creator=creators[0])
    factories.BindingRequestFactory(partner=partner, creator=creators[1])
    response = staff_client.post(
        URL, {"handles": "mia.makes kofi_cooks", "last_day": _in(30)}, follow=True
    )
    assert "message-success" not in response.text
    assert (
        '<p class="message message-warning">No link requests were sent. '
        "Skipped @mia.makes: already linked with your agency; "
        "@Kofi_Cooks: already asked, not answered yet.</p>" in response.text
    )


def test_it_names_unknown_handles_and_saves_nothing(staff_client, creators):
    response = _post(staff_client, "mia.makes @nobody.here ghost")
    assert response.status_code == 400
    assert "No creator has these handles: @nobody.here, @ghost" in response.content.decode()
    assert not BindingRequest.objects.exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"handles": " , "}, "Enter at least one TikTok handle."),
        ({"handles": "bad!handle"}, "These are not TikTok handles: @bad!handle"),
        ({"handles": "mia.makes", "last_day": ""}, "This field is required."),
        ({"handles": "mia.makes", "last_day": "31/02/2027"}, "Enter a valid date."),
        ({"handles": "mia.makes", "last_day": _in(0)}, "The expiry date must be after"),
        ({"handles": "mia.makes", "last_day": _in(70)}, "A first link lasts at most 2 months"),
        ({"handles": "mia.makes", "message": "x" * 9000}, "at most 2000 characters"),
        ({"handles": " ".join(f"h{i}" for i in range(101))}, "at most 100 handles"),
    ],
)
def test_it_rejects_bad_input(staff_client, creators, data, error):
    response = staff_client.post(URL, {"message": "", "last_day": _in(30), **data})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not BindingRequest.objects.exists()


def test_it_allows_a_year_after_a_first_link(staff_client, partner, creators):
    factories.LinkFactory(partner=partner, creator=creators[0], end_reason="unlinked")
    assert _post(staff_client, "mia.makes", last_day=_in(360)).status_code == 302
    response = _post(staff_client, "kofi_cooks", last_day=_in(360))
    assert "A first link lasts at most 2 months" in response.content.decode()
    assert BindingRequest.objects.filter(status="pending").count() == 1


def test_it_allows_a_year_for_a_first_link_in_thailand(client, creators):
    staff = factories.MembershipFactory(partner__market="TH").user
    client.force_login(staff)
    thai = factories.CreatorFactory(market="TH", tiktok_account__handle="ploy.cooks")
    assert _post(client, "ploy.cooks", last_day=_in(360)).status_code == 302
    assert BindingRequest.objects.get().creator == thai
    factories.CreatorFactory(market="TH", tiktok_account__handle="nong.eats")
    response = _post(client, "nong.eats", last_day=_in(400))
    assert "A link in Thailand lasts at most one year" in response.content.decode()


def test_it_refuses_creators_of_another_market_and_official_or_marketing_accounts(
    staff_client, creators
):
    factories.CreatorFactory(tiktok_account__handle="uk.maker", market="GB")
    factories.CreatorFactory(tiktok_account__handle="brand.hq", account_kind="official")
    factories.CreatorFactory(tiktok_account__handle="promo.team", account_kind="marketing")
    response = _post(staff_client, "mia.makes uk.maker brand.hq promo.team")
    html = response.content.decode()
    assert response.status_code == 400
    assert (
        "Only creators in your agency&#x27;s market (United States) can be added: @uk.maker" in html
    )
    assert "Official accounts cannot be linked: @brand.hq." in html
    assert "Marketing accounts cannot be linked: @promo.team." in html
    assert not BindingRequest.objects.exists()


def test_it_shows_todays_link_requests_used_and_remaining(staff_client, partner):
    factories.BindingRequestFactory.create_batch(3, partner=partner)
    html = staff_client.get(URL).content.decode()
    assert "<strong>3</strong> used of 100, <strong>97</strong> remaining" in html


def test_over_the_daily_limit_it_says_so_and_sends_nothing(staff_client, partner, creators):
    factories.BindingRequestFactory.create_batch(99, partner=partner)
    response = _post(staff_client, "mia.makes kofi_cooks")
    html = response.content.decode()
    assert response.status_code == 400
    assert "more than today&#x27;s limit of 100 link requests: 99 sent today, 1 left" in html
    assert BindingRequest.objects.count() == 99


def test_it_prefills_the_handle_to_request_again(staff_client):
    html = staff_client.get(URL, {"handles": "mia.makes"}).content.decode()
    assert "mia.makes</textarea>" in html


def test_a_crafted_post_cannot_attach_a_profile_while_unlinked(staff_client, creators):
    _post(staff_client, "mia.makes", attach_profile="on")
    assert not BindingRequest.objects.get().attach_profile


def test_it_gates_the_checkbox_on_the_link(staff_client, link):
    html = staff_client.get(URL).content.decode()
    assert 'id="id_attach_profile" checked' in html


def test_it_keeps_what_was_typed_across_the_link_flow(staff_client, creators):
    response = _post(staff_client, "mia.makes", _link_tiktok="1")
    assert response["Location"].startswith(reverse("linking:start"))
    back = staff_client.get(URL).content.decode()
    assert "mia.makes" in back
    assert "Join us" in back


def test_it_sends_strangers_away(client, creator_client, seller_client, creators):
    assert client.get(URL).status_code == 302
    assert creator_client.post(URL, {"handles": "mia.makes"}).status_code == 403
    assert seller_client.get(URL).status_code == 403
    assert not BindingRequest.objects.exists()


def test_it_refuses_other_methods(staff_client):
    assert staff_client.delete(URL).status_code == 405
