"""Names cannot break e-mail: a line break or control character in a name or other header-bound
field is refused by forms, the admin and the database, and subjects are built one line long."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import Partner, User
from campaigns.models import Campaign, Seller
from creators import services as creator_services
from partner_center.headers import header_safe
from tests import factories
from tiktok.models import TikTokAccount

INJECTION = "Lumen Agency\r\nBcc: attacker@evil.example"


def test_it_makes_a_header_one_line():
    assert header_safe(INJECTION) == "Lumen Agency Bcc: attacker@evil.example"
    assert header_safe(" Lumen\u00a0\u00a0Agency\t\u2028\x85\x00 ") == "Lumen Agency"
    assert header_safe("Agence Été 東京") == "Agence Été 東京"


@pytest.mark.django_db
def test_it_refuses_a_partner_name_with_a_line_break_in_the_admin(admin_client):
    partner = factories.PartnerFactory(name="Lumen Agency")
    url = reverse("admin:accounts_partner_change", args=[partner.pk])
    response = admin_client.post(
        url,
        {
            "name": INJECTION,
            "market": partner.market,
            "is_cap": "on",
            "account_manager": partner.account_manager_id,
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    assert "Use one line, without line breaks" in response.text
    partner.refresh_from_db()
    assert partner.name == "Lumen Agency"


@pytest.mark.django_db
def test_it_refuses_a_display_name_with_a_line_break_at_tiktok_sign_up(client):
    response = client.post(
        reverse("tiktok:signup"),
        {
            "handle": "lumen.agency",
            "display_name": "Lumen\nAgency",
            "birth_date": "1990-01-01",
            "password": "a-long-Unusual-passphrase",
        },
    )
    assert response.status_code == 200
    assert "Use one line, without line breaks" in response.text
    assert not TikTokAccount.objects.exists()


def _rows():
    """One saved row for each header-bound field, by (model, field)."""
    partner = factories.PartnerFactory()
    seller = factories.SellerFactory()
    campaign = factories.CampaignFactory(partner=partner)
    account = factories.TikTokAccountFactory()
    return {
        (Partner, "name"): partner,
        (User, "first_name"): partner.account_manager,
        (User, "last_name"): partner.account_manager,
        (User, "email"): partner.account_manager,
        (TikTokAccount, "handle"): account,
        (TikTokAccount, "display_name"): account,
        (TikTokAccount, "email"): account,
        (Seller, "shop_name"): seller,
        (Campaign, "name"): campaign,
        (Campaign, "contact_email"): campaign,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value", ["a\r\nBcc: x@evil.example", "tab\there", "nel\x85", "line\u2028sep", "del\x7f"]
)
def test_the_database_refuses_what_the_forms_refuse(value):
    for (model, field), row in _rows().items():
        with pytest.raises(IntegrityError), transaction.atomic():
            model.objects.filter(pk=row.pk).update(**{field: value})
        setattr(row, field, value)
        with pytest.raises(IntegrityError), transaction.atomic():
            model.objects.bulk_update([row], [field])
        row.refresh_from_db()
        assert getattr(row, field) != value, f"{model.__name__}.{field}"


@pytest.mark.django_db
def test_the_database_takes_names_with_ordinary_unicode():
    partner = factories.PartnerFactory()
    Partner.objects.filter(pk=partner.pk).update(name="Agence\u00a0Été — 東京 & Co.")
    partner.refresh_from_db()
    assert partner.name == "Agence\u00a0Été — 東京 & Co."


@pytest.mark.django_db
def test_a_notification_from_a_partner_with_odd_whitespace_still_sends():
    invitation = factories.InvitationFactory(
        partner__name="  Lumen\u00a0\u00a0Agency\u3000", creator__user__email="mia@example.com"
    )
    assert creator_services.proposals_notify(kind="invitation", ids=[invitation.pk]) == 1
    (message,) = mail.outbox
    assert message.subject == "Lumen Agency sent you an invitation"
    assert message.message()["Subject"] == message.subject
    assert message.to == ["mia@example.com"]
