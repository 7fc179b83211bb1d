"""The single-line constraints (accounts 0003, tiktok 0002, campaigns 0003) arrive on a database
that already has rows: clean rows pass untouched, a name saved with a line break before the
constraint existed becomes one line instead of failing the migration, and a birth date before
1900 becomes 1900-01-01."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

INJECTION = "Lumen Agency\r\nBcc: attacker@evil.example"


@pytest.mark.django_db
def test_it_makes_partner_and_user_names_one_line(migrator):
    old = migrator.apply_initial_migration([("accounts", "0004_notifications")])
    User = old.apps.get_model("accounts", "User")
    Partner = old.apps.get_model("accounts", "Partner")
    manager = User.objects.create(username="am", first_name="Alice", email="am@example.com")
    other = User.objects.create(username="bo", first_name="Bo\r\n", last_name="Shop\nOwner")
    clean = Partner.objects.create(
        name="Northstar Creators", market="US", is_cap=True, account_manager=manager
    )
    dirty = Partner.objects.create(name=INJECTION, market="ID", is_cap=True, account_manager=other)

    new = migrator.apply_tested_migration([("accounts", "0005_names_single_line")])

    Partner = new.apps.get_model("accounts", "Partner")
    assert Partner.objects.get(pk=clean.pk).name == "Northstar Creators"
    assert Partner.objects.get(pk=dirty.pk).name == "Lumen Agency Bcc: attacker@evil.example"
    User = new.apps.get_model("accounts", "User")
    am = User.objects.get(username="am")
    assert (am.first_name, am.email) == ("Alice", "am@example.com")
    bo = User.objects.get(username="bo")
    assert (bo.first_name, bo.last_name) == ("Bo", "Shop Owner")
    with pytest.raises(IntegrityError), transaction.atomic():
        Partner.objects.filter(pk=clean.pk).update(name="A\nB")


@pytest.mark.django_db
def test_it_makes_tiktok_names_one_line_and_birth_dates_plausible(migrator):
    old = migrator.apply_initial_migration([("tiktok", "0002_inbox")])
    Account = old.apps.get_model("tiktok", "TikTokAccount")
    Account.objects.create(handle="mia.makes", display_name="Mia", birth_date=date(2000, 1, 1))
    Account.objects.create(handle="old.timer", display_name="Old\tTimer", birth_date=date(1, 1, 1))

    new = migrator.apply_tested_migration(
        [("tiktok", "0003_email_password_version_plausible_values")]
    )

    Account = new.apps.get_model("tiktok", "TikTokAccount")
    mia = Account.objects.get(handle="mia.makes")
    assert (mia.display_name, mia.birth_date) == ("Mia", date(2000, 1, 1))
    assert (mia.email, mia.password_version) == ("", 0)
    old_timer = Account.objects.get(handle="old.timer")
    assert (old_timer.display_name, old_timer.birth_date) == ("Old Timer", date(1900, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.filter(pk=mia.pk).update(birth_date=date(1899, 12, 31))


@pytest.mark.django_db
def test_it_makes_shop_and_campaign_names_one_line(migrator):
    old = migrator.apply_initial_migration([("campaigns", "0002_campaign_and_registration")])
    User = old.apps.get_model("accounts", "User")
    Partner = old.apps.get_model("accounts", "Partner")
    manager = User.objects.create(username="am")
    partner = Partner.objects.create(
        name="Northstar", market="US", is_cap=True, account_manager=manager
    )
    Seller = old.apps.get_model("campaigns", "Seller")
    Seller.objects.create(user=manager, shop_name="Glow\x85Shop", market="US")
    Seller.objects.create(user=User.objects.create(username="s2"), shop_name="Plain", market="US")
    now = timezone.now()
    old.apps.get_model("campaigns", "Campaign").objects.create(
        partner=partner,
        created_by=manager,
        name="Summer\u2028Sale",
        registration_starts_at=now,
        registration_ends_at=now + timedelta(days=1),
        starts_at=now + timedelta(days=2),
        ends_at=now + timedelta(days=3),
        commission_rate=Decimal("10"),
        category_bits=1,
        contact_email="deals@example.com",
    )

    new = migrator.apply_tested_migration([("campaigns", "0003_names_single_line")])

    Seller = new.apps.get_model("campaigns", "Seller")
    assert sorted(Seller.objects.values_list("shop_name", flat=True)) == ["Glow Shop", "Plain"]
    campaign = new.apps.get_model("campaigns", "Campaign").objects.get()
    assert (campaign.name, campaign.contact_email) == ("Summer Sale", "deals@example.com")
