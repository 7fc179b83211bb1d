"""An invitation's page in Invitation history (/creators/invitations/<code>/): what the creator
saw and answered, the contact exchange, and Resend (POST …/resend/)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from creators.models import Invitation
from tests import factories

pytestmark = pytest.mark.django_db


def _url(invitation, action: str = "") -> str:
    return reverse(f"creators:invitation{action}", args=[invitation.code])


def _sent(partner, staff, creator, *, days_ago: float = 0, **kwargs) -> Invitation:
    at = timezone.now() - timedelta(days=days_ago)
    return factories.InvitationFactory(
        partner=partner,
        sent_by=staff,
        creator=creator,
        purpose="partnership",
        message="Grow with Northstar",
        contact_whatsapp="+1 415 555 0100",
        created_at=at,
        expires_at=at + timedelta(days=7),
        **kwargs,
    )


def test_it_shows_what_the_creator_saw(staff_client, partner, staff, creator, link):
    invitation = _sent(partner, staff, creator, attach_profile=True)
    response = staff_client.get(_url(invitation))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Establishing a long-term partnership (CAP)" in text
    assert "Grow with Northstar" in text and "+1 415 555 0100" in text
    assert "Attached: the creator sees this card." in text and "@northstar.official" in text
    assert "Not answered yet." in text
    assert str(staff) in text


def test_it_says_when_the_attached_profile_is_no_longer_shown(
    staff_client, partner, staff, creator
):
    text = staff_client.get(_url(_sent(partner, staff, creator, attach_profile=True))).text
    assert "no longer linked, so the creator sees no card" in text


def test_it_shows_the_creators_contact_once_they_are_interested(
    staff_client, partner, staff, creator
):
    answered = timezone.now() - timedelta(hours=2)
    invitation = _sent(partner, staff, creator, status="accepted", answered_at=answered)
    text = staff_client.get(_url(invitation)).text
    assert "I&#x27;m interested" in text
    assert f'href="mailto:{creator.user.email}"' in text


def test_it_keeps_the_creators_contact_from_those_not_interested(
    staff_client, partner, staff, creator
):
    invitation = _sent(partner, staff, creator, status="declined", answered_at=timezone.now())
    text = staff_client.get(_url(invitation)).text
    assert "Not interested" in text
    assert creator.user.email not in text


def test_it_offers_resend_only_after_the_window(staff_client, partner, staff, creator):
    recent = _sent(partner, staff, creator, days_ago=3, status="declined")
    text = staff_client.get(_url(recent)).text
    assert _url(recent, "_resend") not in text
    assert "Resend is possible from" in text

    recent.created_at = timezone.now() - timedelta(days=7, minutes=1)
    recent.save()
    assert f'action="{_url(recent, "_resend")}"' in staff_client.get(_url(recent)).text


def test_resend_reaches_the_creators_inbox(staff_client, creator_client, partner, staff, creator):
    old = _sent(partner, staff, creator, days_ago=9, status="declined")
    response = staff_client.post(_url(old, "_resend"))
    new = Invitation.objects.exclude(pk=old.pk).get()
    assert response.status_code == 302 and response["Location"] == _url(new)
    assert "Invitation sent to" in staff_client.get(response["Location"]).text

    inbox = creator_client.get(reverse("creator:inbox")).text
    assert reverse("creator:invitation", args=[new.code]) in inbox
    page = creator_client.get(reverse("creator:invitation", args=[new.code])).text
    assert "Grow with Northstar" in page and "I'm interested" in page


def test_resend_inside_the_window_is_refused_with_the_reason(staff_client, partner, staff, creator):
    invitation = _sent(partner, staff, creator, days_ago=1)
    response = staff_client.post(_url(invitation, "_resend"))
    assert response.status_code == 409
    assert "you can resend from" in response.text
    assert Invitation.objects.count() == 1


def test_it_is_not_found_for_another_agency(other_staff_client, partner, staff, creator):
    invitation = _sent(partner, staff, creator, days_ago=9, status="declined")
    assert other_staff_client.get(_url(invitation)).status_code == 404
    assert other_staff_client.post(_url(invitation, "_resend")).status_code == 404
    assert Invitation.objects.count() == 1


def test_it_refuses_a_member_without_find_creators(
    no_find_creators_client, partner, staff, creator
):
    invitation = _sent(partner, staff, creator, days_ago=9, status="declined")
    assert no_find_creators_client.get(_url(invitation)).status_code == 403
    assert no_find_creators_client.post(_url(invitation, "_resend")).status_code == 403
    assert Invitation.objects.count() == 1


def test_it_sends_strangers_away(client, creator_client, partner, staff, creator):
    invitation = _sent(partner, staff, creator)
    assert client.get(_url(invitation)).status_code == 302
    assert client.post(_url(invitation, "_resend")).status_code == 302
    assert creator_client.get(_url(invitation)).status_code == 403


def test_it_answers_only_the_right_methods(staff_client, partner, staff, creator):
    invitation = _sent(partner, staff, creator, days_ago=9, status="declined")
    assert staff_client.post(_url(invitation)).status_code == 405
    assert staff_client.get(_url(invitation, "_resend")).status_code == 405
    assert Invitation.objects.count() == 1
