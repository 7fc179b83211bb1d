"""creators 0010 and 0011 turn every bulk invite job into an outreach with the same code, terms,
status and counters, and its creators into the outreach's rows: processed ones sent (with the
invitation they got) or skipped, the rest queued, so an unfinished job carries on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.migrations import migrate_to

BEFORE = [("creators", "0009_agency_invitation")]
AFTER = [("creators", "0011_outreach_from_bulk_jobs")]
STARTED = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)

pytestmark = pytest.mark.usefixtures("latest_migrations_afterwards")


@pytest.mark.django_db(transaction=True)
def test_every_bulk_invite_job_becomes_an_outreach_without_loss():
    old = migrate_to(BEFORE)
    User = old.get_model("accounts", "User")
    Partner = old.get_model("accounts", "Partner")
    TikTokAccount = old.get_model("tiktok", "TikTokAccount")
    Creator = old.get_model("creators", "Creator")
    Invitation = old.get_model("creators", "Invitation")
    BulkInviteJob = old.get_model("creators", "BulkInviteJob")
    staff = User.objects.create(username="out_migration_staff", email="staff@agency.example")
    partner = Partner.objects.create(
        name="Migrating Agency", market="US", is_tap=True, account_manager=staff
    )
    creators = []
    for n in range(5):
        account = TikTokAccount.objects.create(
            handle=f"outmig{n}", display_name=f"O {n}", birth_date="1990-01-01"
        )
        creators.append(
            Creator.objects.create(tiktok_account=account, category="pets", market="US")
        )
    ids = [c.pk for c in creators]
    # Processed: creators 0 and 1 (0 invited by the job, 1 skipped), 2 to 4 still to go; one
    # creator id that is gone from the directory.
    sent = Invitation.objects.create(
        partner=partner,
        creator=creators[0],
        sent_by=staff,
        contact_email="team@agency.example",
        created_at=STARTED + timedelta(minutes=1),
        expires_at=STARTED + timedelta(days=7),
    )
    running = BulkInviteJob.objects.create(
        partner=partner,
        created_by=staff,
        message="Running job",
        purpose="partnership",
        contact_whatsapp="+1 415 555 0100",
        attach_profile=True,
        creator_ids=[*ids, 999_999],
        status="running",
        total=6,
        processed=2,
        invited=1,
        skipped=1,
        created_at=STARTED,
        updated_at=STARTED + timedelta(minutes=2),
    )
    done = BulkInviteJob.objects.create(
        partner=partner,
        created_by=staff,
        contact_email="team@agency.example",
        creator_ids=ids[:2],
        status="done",
        total=2,
        processed=2,
        invited=0,
        skipped=2,
        created_at=STARTED - timedelta(days=3),
        finished_at=STARTED - timedelta(days=3),
    )

    new = migrate_to(AFTER)
    Outreach = new.get_model("creators", "Outreach")
    OutreachCreator = new.get_model("creators", "OutreachCreator")
    assert Outreach.objects.count() == 2
    active = Outreach.objects.get(code=running.code)
    assert (active.status, active.total, active.sent, active.skipped) == ("active", 6, 1, 1)
    assert (active.purpose, active.message, active.attach_profile) == (
        "partnership",
        "Running job",
        True,
    )
    assert active.contact_whatsapp == "+1 415 555 0100"
    assert active.created_at == STARTED and active.created_by_id == staff.pk
    rows = list(
        OutreachCreator.objects.filter(outreach=active)
        .order_by("id")
        .values_list("creator_id", "status", "skip_reason", "invitation_id")
    )
    assert rows == [
        (ids[0], "sent", "", sent.pk),
        (ids[1], "skipped", "invited", None),
        (ids[2], "queued", "", None),
        (ids[3], "queued", "", None),
        (ids[4], "queued", "", None),
    ]
    finished = Outreach.objects.get(code=done.code)
    assert (finished.status, finished.sent, finished.skipped) == ("finished", 0, 2)
    assert finished.finished_at == STARTED - timedelta(days=3)
    assert OutreachCreator.objects.filter(outreach=finished, status="skipped").count() == 2
