"""The agency invitation as TikTok runs it: a purpose of the agency's programme, a message of
at most 500 words, at least one valid contact method, Attach TikTok profile; the creator answers
I'm interested or Not interested; unanswered, it expires after 7 days."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from creators import invitation_rules as rules
from creators import services
from creators.invitation_rules import Purpose
from creators.models import Invitation
from tests import factories

from .conftest import make_creators

pytestmark = pytest.mark.django_db
URL = reverse("creators:invite")
VALID = {"purpose": "partnership", "message": "Grow with us", "contact_email": "hi@agency.example"}


def _url(creators) -> str:
    return f"{URL}?{urlencode([('creators', c.code) for c in creators])}"


@pytest.mark.parametrize(
    ("cap", "tap", "purposes"),
    [
        (True, False, [Purpose.PARTNERSHIP]),
        (False, True, [Purpose.DISTRIBUTION]),
        (True, True, [Purpose.PARTNERSHIP, Purpose.DISTRIBUTION]),
    ],
)
def test_it_offers_the_purposes_of_the_agencys_programmes(cap, tap, purposes):
    partner = factories.PartnerFactory(is_cap=cap, is_tap=tap)
    assert rules.purposes_for(partner) == purposes


@pytest.mark.parametrize(("words", "ok"), [(0, True), (500, True), (501, False)])
def test_it_counts_the_message_in_words(words, ok):
    text = " ".join(["word"] * words)
    if ok:
        rules.validate_message(text)
    else:
        with pytest.raises(ValidationError, match="at most 500 words"):
            rules.validate_message(text)


@pytest.mark.parametrize(
    ("number", "ok"),
    [
        ("1234567", True),
        ("123456", False),
        ("+44 (20) 7946-0958", True),
        ("1" * 15, True),
        ("1" * 16, False),
        ("+1 415 555 O100", False),
        ("++14155550100", False),
    ],
)
def test_it_checks_phone_numbers_at_their_digit_limits(number, ok):
    if ok:
        rules.validate_phone(number)
    else:
        with pytest.raises(ValidationError):
            rules.validate_phone(number)


def test_it_wants_at_least_one_contact_and_each_one_well_formed():
    assert rules.contact_problems(whatsapp="", email="", phone="") == {
        "": "Give at least one way to contact you: WhatsApp, e-mail or phone."
    }
    assert rules.contact_problems(whatsapp="", email="hi@agency.example", phone="") == {}
    assert set(rules.contact_problems(whatsapp="x", email="nope", phone="")) == {
        "contact_whatsapp",
        "contact_email",
    }


def test_a_cap_agency_sends_a_partnership_invitation_with_its_contacts(partner, staff_client):
    partner.is_tap = False
    partner.save()
    creators = make_creators(2)
    page = staff_client.get(_url(creators)).text
    assert "Establishing a long-term partnership (CAP)" in page
    assert "product distribution (TAP)" not in page
    payload = {**VALID, "contact_whatsapp": "+1 415 555 0100"}
    response = staff_client.post(_url(creators), payload)
    assert response.status_code == 302
    invitation = Invitation.objects.first()
    assert invitation.purpose == Purpose.PARTNERSHIP
    assert (invitation.contact_email, invitation.contact_whatsapp) == (
        "hi@agency.example",
        "+1 415 555 0100",
    )
    assert invitation.sent_by.username == "staff"
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    assert invitation.commission_rate is None and invitation.products == ""


def test_a_cap_agency_cannot_invite_for_distribution(partner, staff_client):
    partner.is_tap = False
    partner.save()
    response = staff_client.post(_url(make_creators(1)), {**VALID, "purpose": "distribution"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    "terms",
    [
        {"purpose": "partnership", "contact_email": ""},
        {"purpose": "partnership", "contact_email": "nope"},
        {"purpose": "partnership", "message": "w " * 501},
        {"purpose": "elsewhere"},
    ],
)
def test_the_service_refuses_what_the_form_would(partner, staff, terms):
    partner.is_tap = False
    partner.save()
    fields = {"message": "Hi", "attach_profile": False, "contact_email": "hi@agency.example"}
    with pytest.raises(services.ProposalError):
        services.invitations_send(
            partner=partner,
            sent_by=staff,
            creator_ids=[c.pk for c in make_creators(1)],
            terms=services.InviteTerms(**{**fields, **terms}),
        )
    assert not Invitation.objects.exists()


def test_the_database_refuses_an_invitation_without_a_contact(partner, staff):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.InvitationFactory(partner=partner, contact_email="")
    factories.InvitationFactory(partner=partner, contact_email="", commission_rate=Decimal(10))


def test_the_creator_sees_the_invitation_and_answers_im_interested(creator_client, creator):
    invitation = factories.InvitationFactory(
        creator=creator, purpose="partnership", contact_phone="+62 812 5550 1234"
    )
    page = creator_client.get(reverse("creator:invitation", args=[invitation.code])).text
    assert "Establishing a long-term partnership (CAP)" in page
    assert "+62 812 5550 1234" in page and "team@agency.example" in page
    assert "I'm interested" in page and "Not interested" in page
    creator_client.post(reverse("creator:invitation_accept", args=[invitation.code]))
    invitation.refresh_from_db()
    assert invitation.status == "accepted"


def test_an_invitation_sent_before_still_shows_its_terms(creator_client, creator):
    invitation = factories.InvitationFactory(
        creator=creator, commission_rate=Decimal("17.5"), products="Serum\nCream"
    )
    page = creator_client.get(reverse("creator:invitation", args=[invitation.code])).text
    assert "17.5 %" in page and "<li>Cream</li>" in page


def test_an_unanswered_invitation_expires_after_seven_days(creator_client, creator):
    sent = timezone.now() - timedelta(days=7, seconds=1)
    invitation = factories.InvitationFactory(
        creator=creator, created_at=sent, expires_at=sent + timedelta(days=7)
    )
    assert invitation.current_status == "expired"
    creator_client.post(reverse("creator:invitation_accept", args=[invitation.code]))
    invitation.refresh_from_db()
    assert invitation.status != "accepted"


# --- Each creator at most once per 7 days from one agency -----------------------------------


def _sent(partner, creator, ago: timedelta, status: str = "declined"):
    at = timezone.now() - ago
    return factories.InvitationFactory(
        partner=partner, creator=creator, status=status, created_at=at, expires_at=at
    )


def test_the_invite_form_names_creators_inside_the_seven_day_window_and_skips_them(
    partner, staff_client
):
    recent, outside, fresh = make_creators(3)
    _sent(partner, recent, timedelta(days=6, hours=23))
    _sent(partner, outside, timedelta(days=7, seconds=1))
    page = staff_client.get(_url([recent, outside, fresh])).text
    assert (
        "1 of the selected creators was invited by your agency in the last 7 days and will be "
        f"skipped: @{recent.tiktok_account.handle} (" in page
    )
    assert f"@{outside.tiktok_account.handle} (" not in page
    response = staff_client.post(_url([recent, outside, fresh]), VALID, follow=True)
    assert "Invited 2 creators." in response.text
    assert "invited by your agency in the last 7 days" in response.text
    pending = Invitation.objects.filter(status="pending")
    assert set(pending.values_list("creator_id", flat=True)) == {outside.pk, fresh.pk}


def test_another_agencys_invitation_does_not_count(partner, other_partner, staff):
    creator = make_creators(1)[0]
    _sent(other_partner, creator, timedelta(hours=1))
    result = services.invitations_send(
        partner=partner,
        sent_by=staff,
        creator_ids=[creator.pk],
        terms=services.InviteTerms(
            purpose="partnership", message="", attach_profile=False, contact_email="a@b.example"
        ),
    )
    assert (result.sent, result.skipped) == (1, 0)
