"""accounts.0011 adds the agency profile's basics to existing partners (empty: they have not
filled them in) and the sharing choices (none: every partner reads its programmes' defaults)."""

from __future__ import annotations

import pytest

from accounts.agency_profile import sharing_choices
from accounts.models import Partner

BEFORE = ("accounts", "0010_partnership_notices")
AFTER = ("accounts", "0011_agency_profile")


@pytest.mark.django_db
def test_it_keeps_existing_partners_with_empty_basics_and_default_sharing(migrator):
    old = migrator.apply_initial_migration(BEFORE)
    manager = old.apps.get_model("accounts", "User").objects.create(username="am", is_staff=True)
    old.apps.get_model("accounts", "Partner").objects.create(
        name="Northstar", market="US", is_cap=True, is_tap=True, account_manager=manager
    )

    new = migrator.apply_tested_migration(AFTER)

    migrated = new.apps.get_model("accounts", "Partner").objects.get(name="Northstar")
    assert (migrated.contact_email, migrated.website, migrated.logo.name) == ("", "", "")
    assert not new.apps.get_model("accounts", "ProfileSharing").objects.exists()
    partner = Partner.objects.get(pk=migrated.pk)
    assert sharing_choices(partner) == {("CAP", "US"): True, ("TAP", "US"): False}
