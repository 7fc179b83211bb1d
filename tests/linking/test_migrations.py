"""0005: a session's token hash moves to its QR codes (LinkToken), so a code on screen at the
upgrade still scans; sessions that a new one superseded read as superseded, not cancelled."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

BEFORE = ("linking", "0004_linksession_origin")
AFTER = ("linking", "0005_link_tokens")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@pytest.mark.django_db
def test_it_moves_token_hashes_to_qr_codes_and_marks_superseded_sessions(migrator):
    old = migrator.apply_initial_migration(BEFORE)
    User = old.apps.get_model("accounts", "User")
    Partner = old.apps.get_model("accounts", "Partner")
    LinkSession = old.apps.get_model("linking", "LinkSession")
    LinkEvent = old.apps.get_model("linking", "LinkEvent")
    manager = User.objects.create(username="am", is_staff=True)
    staff = User.objects.create(username="staff")
    partner = Partner.objects.create(
        name="Northstar", market="US", is_cap=True, account_manager=manager
    )
    soon = timezone.now() + timedelta(minutes=5)

    def session(token, status):
        return LinkSession.objects.create(
            partner=partner,
            started_by=staff,
            token_hash=_hash(token),
            status=status,
            expires_at=soon,
        )

    superseded = session("superseded-token", "cancelled")
    LinkEvent.objects.create(partner=partner, event="superseded", session=superseded, actor=staff)
    cancelled = session("cancelled-token", "cancelled")
    LinkEvent.objects.create(partner=partner, event="cancelled", session=cancelled)
    pending = session("pending-token", "pending")

    new = migrator.apply_tested_migration(AFTER)

    LinkSession = new.apps.get_model("linking", "LinkSession")
    LinkToken = new.apps.get_model("linking", "LinkToken")
    assert dict(LinkSession.objects.values_list("pk", "status")) == {
        superseded.pk: "superseded",
        cancelled.pk: "cancelled",
        pending.pk: "pending",
    }
    code = LinkToken.objects.get(token_hash=_hash("pending-token"))
    assert (code.session_id, code.replaced_at, code.seed) == (pending.pk, None, "")
    assert LinkToken.objects.count() == 3
    assert "token_hash" not in {f.name for f in LinkSession._meta.get_fields()}
