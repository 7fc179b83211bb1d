"""0008: a link session's one stored failure reason becomes a list, and the two combined reasons are
split into the requirements they stood for: the parts the scanning account still shows, or all
of them when it shows none (the old record said one of them failed, not which)."""

from __future__ import annotations

from datetime import date

import pytest

BEFORE = ("linking", "0007_account_managers_answer_unlink_requests")
AFTER = ("linking", "0008_failure_reasons")


@pytest.fixture
def old(migrator):
    return migrator.apply_initial_migration(BEFORE)


def _world(old):
    User = old.apps.get_model("accounts", "User")
    Partner = old.apps.get_model("accounts", "Partner")
    manager = User.objects.create(username="am", is_staff=True)
    staff = User.objects.create(username="staff")
    partners = [
        Partner.objects.create(name=name, market="US", is_cap=True, account_manager=manager)
        for name in ("Northstar", "Shoplift")
    ]
    return partners, staff


def _account(old, handle, **fields):
    Account = old.apps.get_model("tiktok", "TikTokAccount")
    return Account.objects.create(
        handle=handle, display_name=handle, birth_date=date(1990, 1, 1), **fields
    )


def _session(old, partner, staff, n, reason, account, status="failed"):
    LinkSession = old.apps.get_model("linking", "LinkSession")
    return LinkSession.objects.create(
        partner=partner,
        started_by=staff,
        status=status,
        failure_reason=reason,
        tiktok_account=account,
        expires_at="2026-12-01T10:00:00Z",
    )


@pytest.mark.django_db
def test_it_splits_the_combined_reasons_by_what_the_account_shows(old, migrator):
    (northstar, shoplift), staff = _world(old)
    TikTokLink = old.apps.get_model("linking", "TikTokLink")
    elsewhere = _account(old, "linked.elsewhere")
    TikTokLink.objects.create(partner=shoplift, tiktok_account=elsewhere, linked_by=staff)
    cases = {
        "suspended": ("not_in_good_standing", _account(old, "frozen", status="suspended")),
        "violations": ("not_in_good_standing", _account(old, "strike", violation_count=2)),
        "both": (
            "not_in_good_standing",
            _account(old, "worst", status="suspended", violation_count=1),
        ),
        "agency": ("affiliated", _account(old, "taken", affiliation="other_agency")),
        "network": ("affiliated", _account(old, "net", affiliation="creator_network")),
        "linked": ("affiliated", elsewhere),
        "reinstated": ("not_in_good_standing", _account(old, "reinstated")),
        "unlinked": ("affiliated", _account(old, "unlinked.since")),
        "gone": ("not_in_good_standing", None),
        "teen": ("under_18", _account(old, "teen")),
        "partner": ("partner_already_linked", _account(old, "eligible")),
    }
    ids = {
        case: _session(old, northstar, staff, n, reason, account).pk
        for n, (case, (reason, account)) in enumerate(cases.items())
    }
    business = _session(
        old, northstar, staff, 99, "business_account", _account(old, "shop"), status="scanned"
    )
    shoplift_session = _session(old, shoplift, staff, 98, "", None, status="linked")

    new = migrator.apply_tested_migration(AFTER)

    LinkSession = new.apps.get_model("linking", "LinkSession")
    reasons = dict(LinkSession.objects.values_list("pk", "failure_reasons"))
    assert {case: reasons[pk] for case, pk in ids.items()} == {
        "suspended": ["suspended"],
        "violations": ["violation_history"],
        "both": ["suspended", "violation_history"],
        "agency": ["other_agency"],
        "network": ["creator_network"],
        "linked": ["linked_elsewhere"],
        "reinstated": ["suspended", "violation_history"],
        "unlinked": ["other_agency", "creator_network", "linked_elsewhere"],
        "gone": ["suspended", "violation_history"],
        "teen": ["under_18"],
        "partner": ["partner_already_linked"],
    }
    assert reasons[business.pk] == ["business_account"]
    assert reasons[shoplift_session.pk] == []


@pytest.mark.django_db
def test_it_goes_back_to_the_reason_the_old_check_stopped_at(old, migrator):
    (northstar, shoplift), staff = _world(old)
    worst = _account(old, "worst", status="suspended", affiliation="creator_network")
    split = _session(old, northstar, staff, 1, "not_in_good_standing", worst)
    new = migrator.apply_tested_migration(AFTER)
    LinkSession = new.apps.get_model("linking", "LinkSession")
    several = LinkSession.objects.create(
        partner_id=shoplift.pk,
        started_by_id=staff.pk,
        status="failed",
        failure_reasons=["creator_network", "linked_elsewhere", "business_account"],
        tiktok_account_id=worst.pk,
        expires_at="2026-12-01T10:00:00Z",
    )

    back = migrator.apply_tested_migration(BEFORE)

    LinkSession = back.apps.get_model("linking", "LinkSession")
    assert dict(LinkSession.objects.values_list("pk", "failure_reason")) == {
        split.pk: "not_in_good_standing",
        several.pk: "affiliated",
    }
