"""TikTokAccount moved from `accounts` to `tiktok` keeping its table: an existing database keeps
every account, every link and creator pointing at it, and the handle constraint."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction

BEFORE = [
    ("accounts", "0001_initial"),
    ("linking", "0002_link_figures"),
    ("creators", "0005_directory_category_market"),
]
AFTER = [
    ("accounts", "0002_tiktokaccount_moves_to_tiktok"),
    ("tiktok", "0001_initial"),
    ("linking", "0003_tiktokaccount_moves_to_tiktok"),
    ("creators", "0006_tiktokaccount_moves_to_tiktok"),
]


# The migrator applies the rest of the plan too (state-only steps that change no table), so rows
# of other apps point at the accounts by id, as they do in the database.
@pytest.mark.django_db
def test_it_keeps_accounts_links_and_creators_when_the_model_moves(migrator):
    old = migrator.apply_initial_migration(BEFORE)
    User = old.apps.get_model("accounts", "User")
    Partner = old.apps.get_model("accounts", "Partner")
    OldAccount = old.apps.get_model("accounts", "TikTokAccount")
    manager = User.objects.create(username="am", is_staff=True)
    partner = Partner.objects.create(
        name="Northstar", market="US", is_cap=True, account_manager=manager
    )
    official = OldAccount.objects.create(
        handle="northstar.official",
        display_name="Northstar",
        birth_date=date(1990, 1, 1),
        followers=42,
    )
    mia = OldAccount.objects.create(
        handle="mia.makes", display_name="Mia", birth_date=date(2000, 1, 1)
    )
    old.apps.get_model("linking", "TikTokLink").objects.create(
        partner=partner, tiktok_account_id=official.pk, linked_by=manager
    )
    old.apps.get_model("creators", "Creator").objects.create(
        tiktok_account_id=mia.pk, category="beauty", market="US"
    )

    new = migrator.apply_tested_migration(AFTER)

    Account = new.apps.get_model("tiktok", "TikTokAccount")
    assert set(Account.objects.values_list("handle", "followers")) == {
        ("northstar.official", 42),
        ("mia.makes", 0),
    }
    link = new.apps.get_model("linking", "TikTokLink").objects.get()
    assert link.tiktok_account.handle == "northstar.official"
    creator = new.apps.get_model("creators", "Creator").objects.get()
    assert creator.tiktok_account.handle == "mia.makes"
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.create(handle="MIA.makes", display_name="Copy", birth_date=date(2000, 1, 1))


@pytest.mark.django_db
def test_it_keeps_permissions_on_the_moved_model(migrator):
    old = migrator.apply_initial_migration(BEFORE)
    ContentType = old.apps.get_model("contenttypes", "ContentType")
    before = ContentType.objects.get_or_create(app_label="accounts", model="tiktokaccount")[0].pk

    new = migrator.apply_tested_migration(AFTER)

    ContentType = new.apps.get_model("contenttypes", "ContentType")
    assert ContentType.objects.get(app_label="tiktok", model="tiktokaccount").pk == before
