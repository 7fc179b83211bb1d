"""creators 0008 turns binding requests with a contract of N months into links with an expiry
date, keeping every row in every old status, and reads them in the new states."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.migrations import migrate_to

BEFORE = [
    ("creators", "0007_bulk_job_progress_and_idempotency"),
    ("accounts", "0006_notification_kinds_for_unlink_requests"),
    ("insights", None),  # its first migration needs a newer accounts
]
# accounts goes to its latest (as `migrate_to` takes every app it is not given): pinned, a newer
# accounts migration would have to be undone on the way back to creators 0007, in one plan with
# creators going back, which Django refuses.
AFTER = [("creators", "0008_partnerships_as_tiktok_runs_them")]
SENT = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


pytestmark = pytest.mark.usefixtures("latest_migrations_afterwards")


@pytest.mark.django_db(transaction=True)
def test_it_keeps_every_binding_request_and_turns_its_months_into_an_expiry_date():
    old = migrate_to(BEFORE)
    User = old.get_model("accounts", "User")
    Partner = old.get_model("accounts", "Partner")
    TikTokAccount = old.get_model("tiktok", "TikTokAccount")
    Creator = old.get_model("creators", "Creator")
    BindingRequest = old.get_model("creators", "BindingRequest")
    staff = User.objects.create(username="migration_staff")
    partner = Partner.objects.create(
        name="Migrating Agency", market="US", is_cap=True, account_manager=staff
    )
    rows = {}
    for n, status in enumerate(["pending", "accepted", "declined", "expired", "cancelled"]):
        account = TikTokAccount.objects.create(
            handle=f"migrating{n}",
            display_name=f"M {n}",
            birth_date="1990-01-01",
            email=f"m{n}@example.com",
        )
        creator = Creator.objects.create(tiktok_account=account, category="beauty", market="US")
        rows[status] = BindingRequest.objects.create(
            partner=partner,
            creator=creator,
            sent_by=staff,
            message=f"Request {status}",
            status=status,
            contract_months=3,
            created_at=SENT,
            expires_at=SENT + timedelta(days=7),
            answered_at=SENT + timedelta(days=1) if status in ("accepted", "declined") else None,
        )

    new = migrate_to(AFTER)
    Migrated = new.get_model("creators", "BindingRequest")
    assert Migrated.objects.count() == 5
    for status, row in rows.items():
        migrated = Migrated.objects.get(pk=row.pk)
        assert (migrated.status, migrated.message) == (status, f"Request {status}")
        assert migrated.end_reason == ""
    accepted = Migrated.objects.get(pk=rows["accepted"].pk)
    assert accepted.link_expires_at == datetime(2026, 9, 2, 9, 0, tzinfo=UTC)  # answered + 3 months
    pending = Migrated.objects.get(pk=rows["pending"].pk)
    assert pending.link_expires_at == datetime(2026, 9, 1, 9, 0, tzinfo=UTC)  # sent + 3 months
    assert Migrated.objects.get(pk=rows["accepted"].pk).creator.account_kind == "creator"

    migrate_to([("creators", "0007_bulk_job_progress_and_idempotency")])  # and back
    Back = migrate_to(BEFORE).get_model("creators", "BindingRequest")
    assert sorted(Back.objects.values_list("contract_months", flat=True)) == [3] * 5
    migrate_to(AFTER)


@pytest.mark.django_db(transaction=True)
def test_where_old_rows_break_the_one_live_link_rule_the_newest_stays_open():
    old = migrate_to(BEFORE)
    User = old.get_model("accounts", "User")
    Partner = old.get_model("accounts", "Partner")
    TikTokAccount = old.get_model("tiktok", "TikTokAccount")
    Creator = old.get_model("creators", "Creator")
    BindingRequest = old.get_model("creators", "BindingRequest")
    staff = User.objects.create(username="migration_staff2")
    partner = Partner.objects.create(
        name="Twice Agency", market="US", is_cap=True, account_manager=staff
    )
    account = TikTokAccount.objects.create(
        handle="twice", display_name="Twice", birth_date="1990-01-01", email="t@example.com"
    )
    creator = Creator.objects.create(tiktok_account=account, category="beauty", market="US")
    common = {"partner": partner, "creator": creator, "sent_by": staff, "contract_months": 6}
    first = BindingRequest.objects.create(
        status="accepted",
        created_at=SENT,
        answered_at=SENT,
        expires_at=SENT + timedelta(days=7),
        **common,
    )
    second = BindingRequest.objects.create(
        status="pending",
        created_at=SENT + timedelta(days=30),
        expires_at=SENT + timedelta(days=37),
        **common,
    )

    Migrated = migrate_to(AFTER).get_model("creators", "BindingRequest")
    older, newer = Migrated.objects.get(pk=first.pk), Migrated.objects.get(pk=second.pk)
    assert (older.status, older.end_reason) == ("accepted", "link_expired")
    assert older.ended_at == second.created_at
    assert (newer.status, newer.end_reason) == ("pending", "")
