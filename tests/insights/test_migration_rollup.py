"""insights 0001 adds the rollup's tables, empty: the page reads every existing item live until
the rollup task has run, and the same figures after."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from insights.models import OutcomeCounts
from insights.selectors import partner_insights
from insights.services import days_roll_up
from tests import factories
from tests.migrations import migrate_to

pytestmark = pytest.mark.usefixtures("latest_migrations_afterwards")


@pytest.mark.django_db(transaction=True)
def test_it_adds_an_empty_rollup_that_the_task_fills_with_the_existing_items():
    MigrationExecutor(connection).migrate([("insights", None)])  # before insights had tables
    partner = factories.PartnerFactory()
    sent = timezone.now() - timedelta(days=30)
    for status in ("accepted", "declined", "expired"):
        factories.InvitationFactory(
            partner=partner,
            status=status,
            created_at=sent,
            expires_at=sent + timedelta(days=7),
            answered_at=None if status == "expired" else sent + timedelta(hours=3),
        )

    new = migrate_to([("insights", "0001_rollup")])
    assert not new.get_model("insights", "OutcomeCounts").objects.exists()
    before = partner_insights(partner=partner)
    assert before.kinds[0].overall[False].sent == 3
    days_roll_up()
    assert OutcomeCounts.objects.filter(partner=partner).exists()
    assert partner_insights(partner=partner) == before
