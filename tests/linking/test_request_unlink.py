"""Request unlink or change, on My Account → Profile: agency staff send a reason (and, for a
change, the handle wanted instead) to their account manager; bad input is a clear 400 and
saves nothing, a refused request a 409 that says why; nobody else can ask for the agency."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from linking.models import UnlinkRequest
from linking.notices import day
from tests.factories import TikTokLinkFactory, UnlinkRequestFactory

pytestmark = pytest.mark.django_db
URL = reverse("linking:unlink_request")
PROFILE = reverse("linking:profile")
Kind = UnlinkRequest.Kind


@pytest.fixture
def link(partner):
    return TikTokLinkFactory(partner=partner, tiktok_account__handle="north.hq")


def test_it_offers_the_form_beside_the_account_managers_contact(staff_client, partner, link):
    page = staff_client.get(PROFILE).text
    assert "To unlink or change it, contact your account manager" in page
    assert partner.account_manager.email in page
    assert "Request unlink or change" in page
    assert f'action="{URL}"' in page
    for field in ('name="kind"', 'name="reason"', 'name="wanted_handle"'):
        assert field in page


def test_it_does_not_offer_the_form_while_not_linked(staff_client, partner):
    page = staff_client.get(PROFILE).text
    assert "Request unlink or change" not in page
    assert "Link TikTok Account" in page


def test_it_sends_the_request_and_shows_it_waiting(staff_client, partner, staff, link):
    response = staff_client.post(
        URL, {"kind": "change", "reason": "We rebranded.", "wanted_handle": "@north.new"}
    )
    assert response.status_code == 302 and response.url == PROFILE
    unlink_request = UnlinkRequest.objects.get()
    assert (unlink_request.partner, unlink_request.requested_by) == (partner, staff)
    assert (unlink_request.kind, unlink_request.wanted_handle) == (Kind.CHANGE, "north.new")

    page = staff_client.get(PROFILE).text
    manager = partner.account_manager
    assert f"sent to your account manager, {manager}, who will answer by" in page
    assert (
        f"Requested on {day(unlink_request.created_at)}</strong> — waiting for your account "
        f"manager, who will answer by {day(unlink_request.expires_at)}"
    ) in page
    assert "Change @north.hq to @north.new" in page and "We rebranded." in page
    assert "Request unlink or change</summary>" not in page  # one open request at a time


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"kind": "unlink", "reason": ""}, "This field is required."),
        ({"kind": "unlink", "reason": "   "}, "This field is required."),
        ({"kind": "unlink", "reason": "x" * 1001}, "at most 1000 characters"),
        ({"kind": "unlink", "reason": "Bell\x07"}, "control character (U+0007)"),
        ({"kind": "unlink", "reason": "Null\x00"}, "Null characters are not allowed."),
        ({"kind": "unlink", "reason": "abc\u202edcba"}, "control character (U+202E)"),
        ({"kind": "delete", "reason": "Why"}, "Select a valid choice."),
        ({"reason": "Why"}, "This field is required."),
        ({"kind": "change", "reason": "Why", "wanted_handle": "bad handle!"}, "Use 2–24"),
        ({"kind": "change", "reason": "Why", "wanted_handle": "ends.with."}, "Use 2–24"),
        ({"kind": "change", "reason": "Why", "wanted_handle": "x" * 26}, "at most 25"),
        ({"kind": "unlink", "reason": "Why", "wanted_handle": "north.new"}, "Leave this empty"),
    ],
)
def test_it_refuses_bad_input_with_400_saving_nothing(staff_client, link, fields, error):
    response = staff_client.post(URL, fields)
    assert response.status_code == 400
    assert error in response.text
    assert (
        "Request unlink or change" in response.text
        and '<details class="unlink-request" open' in response.text
    )
    assert not UnlinkRequest.objects.exists()


def test_it_keeps_line_breaks_in_the_reason(staff_client, link):
    assert (
        staff_client.post(URL, {"kind": "unlink", "reason": "One\r\nTwo\tthree"}).status_code == 302
    )
    assert UnlinkRequest.objects.get().reason == "One\r\nTwo\tthree"


def test_it_refuses_a_second_open_request_with_409_saying_when(staff_client, partner, link):
    first = UnlinkRequestFactory(partner=partner)
    response = staff_client.post(URL, {"kind": "unlink", "reason": "Again"})
    assert response.status_code == 409
    assert (
        f"You already asked on {day(first.created_at)}; your account manager will answer by "
        f"{day(first.expires_at)}."
    ) in response.text
    assert UnlinkRequest.objects.get() == first


def test_it_refuses_a_request_while_not_linked_with_409(staff_client, partner):
    response = staff_client.post(URL, {"kind": "unlink", "reason": "Why"})
    assert response.status_code == 409
    assert "Your agency has no linked TikTok account" in response.text
    assert not UnlinkRequest.objects.exists()


def test_it_asks_again_once_the_last_request_expired(staff_client, partner, link):
    UnlinkRequestFactory(partner=partner, created_at=timezone.now() - timedelta(days=8))
    assert staff_client.post(URL, {"kind": "unlink", "reason": "Again"}).status_code == 302
    assert [r.status for r in UnlinkRequest.objects.order_by("pk")] == ["expired", "pending"]


def test_another_agencys_staff_ask_only_for_their_own_agency(
    other_staff_client, other_staff, partner, link
):
    response = other_staff_client.post(URL, {"kind": "unlink", "reason": "Not yours"})
    assert response.status_code == 409  # their agency is not linked: nothing of A's is touched
    assert not UnlinkRequest.objects.filter(partner=partner).exists()
    TikTokLinkFactory(partner=other_staff.membership.partner)
    assert other_staff_client.post(URL, {"kind": "unlink", "reason": "Ours"}).status_code == 302
    assert UnlinkRequest.objects.get().partner == other_staff.membership.partner


def test_it_refuses_other_roles(client, creator_client, seller_client, link):
    response = client.post(URL, {"kind": "unlink", "reason": "Why"})
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert creator_client.post(URL, {"kind": "unlink", "reason": "Why"}).status_code == 403
    assert seller_client.post(URL, {"kind": "unlink", "reason": "Why"}).status_code == 403
    assert not UnlinkRequest.objects.exists()


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_it_refuses_other_methods_with_405(staff_client, link, method):
    assert getattr(staff_client, method)(URL).status_code == 405
    assert not UnlinkRequest.objects.exists()
