"""creators 0009 turns invitations to a product collaboration into agency invitations, keeping
every row in every old status with its commission rate and products."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from tests.migrations import migrate_to

BEFORE = [("creators", "0008_partnerships_as_tiktok_runs_them")]
AFTER = [("creators", "0009_agency_invitation")]
SENT = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
STATUSES = ["pending", "accepted", "declined", "expired", "cancelled"]


pytestmark = pytest.mark.usefixtures("latest_migrations_afterwards")


@pytest.mark.django_db(transaction=True)
def test_it_keeps_every_invitation_and_reads_it_as_a_product_distribution_invitation():
    old = migrate_to(BEFORE)
    User = old.get_model("accounts", "User")
    Partner = old.get_model("accounts", "Partner")
    TikTokAccount = old.get_model("tiktok", "TikTokAccount")
    Creator = old.get_model("creators", "Creator")
    Invitation = old.get_model("creators", "Invitation")
    BulkInviteJob = old.get_model("creators", "BulkInviteJob")
    staff = User.objects.create(username="inv_migration_staff", email="staff@agency.example")
    partner = Partner.objects.create(
        name="Migrating Agency", market="US", is_tap=True, account_manager=staff
    )
    for n, status in enumerate(STATUSES):
        account = TikTokAccount.objects.create(
            handle=f"invmig{n}",
            display_name=f"I {n}",
            birth_date="1990-01-01",
            email=f"i{n}@example.com",
        )
        creator = Creator.objects.create(tiktok_account=account, category="beauty", market="US")
        Invitation.objects.create(
            partner=partner,
            creator=creator,
            sent_by=staff,
            message=f"Invitation {status}",
            status=status,
            commission_rate=Decimal("12.5"),
            products="Serum\nCream",
            created_at=SENT,
            expires_at=SENT + timedelta(days=7),
            attach_profile=n % 2 == 0,
        )
    running = BulkInviteJob.objects.create(
        partner=partner,
        created_by=staff,
        commission_rate=10,
        products="x",
        validity_days=7,
        status="running",
        total=3,
    )

    new = migrate_to(AFTER)
    Invitation = new.get_model("creators", "Invitation")
    rows = {i.status: i for i in Invitation.objects.all()}
    assert sorted(rows) == sorted(STATUSES)
    for n, status in enumerate(STATUSES):
        row = rows[status]
        assert row.message == f"Invitation {status}"
        assert (row.commission_rate, row.products) == (Decimal("12.5"), "Serum\nCream")
        assert row.purpose == "distribution" and row.attach_profile == (n % 2 == 0)
        assert row.created_at == SENT and row.expires_at == SENT + timedelta(days=7)
    job = new.get_model("creators", "BulkInviteJob").objects.get(pk=running.pk)
    assert job.contact_email == "staff@agency.example"  # it can go on sending

    # A new invitation without any contact method is refused by the database.
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.filter(status="pending").update(commission_rate=None)
