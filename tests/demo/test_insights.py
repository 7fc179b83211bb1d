"""The Insights demo history made by `seed_demo`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Partner
from creators.models import BindingRequest, Invitation
from demo import directory, people
from demo import insights as demo_insights
from insights.selectors import partner_insights

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    people.seed_people(log=lambda *a: None)
    directory.seed(30, log=lambda *a: None)
    demo_insights.seed(log=lambda *a: None)


def test_it_gives_every_demo_partner_a_history_that_favours_the_profile(seeded):
    for name, *_ in people.PARTNERS:
        partner = Partner.objects.get(name=name)
        invitations, binding_requests, _extensions = partner_insights(partner=partner).kinds
        assert invitations.sent == demo_insights.INVITATIONS_PER_PARTNER
        assert binding_requests.sent == 10
        with_profile, without = invitations.overall[True], invitations.overall[False]
        assert 0.35 < with_profile.sent / invitations.sent < 0.65
        assert with_profile.acceptance_rate > without.acceptance_rate
        assert invitations.has_closed_in_weeks
        assert invitations.median_to_answer[True] < invitations.median_to_answer[False]


def test_it_leaves_nothing_pending_and_nothing_older_than_twelve_weeks(seeded):
    for model in (Invitation, BindingRequest):
        assert not model.objects.filter(status="pending").exists()
        assert not model.objects.filter(answered_at__gt=timezone.now()).exists()
        oldest = timezone.now() - timedelta(weeks=12)
        assert not model.objects.filter(created_at__lt=oldest).exists()


def test_it_binds_each_creator_to_one_agency_at_most(seeded):
    creators = BindingRequest.objects.values_list("creator", flat=True)
    assert len(creators) == len(set(creators)) == 30


def test_it_is_idempotent(seeded):
    counts = (Invitation.objects.count(), BindingRequest.objects.count())
    demo_insights.seed(log=lambda *a: None)
    assert (Invitation.objects.count(), BindingRequest.objects.count()) == counts


def test_it_skips_when_the_directory_is_empty(db):
    people.seed_people(log=lambda *a: None)
    lines = []
    demo_insights.seed(log=lines.append)
    assert not Invitation.objects.exists()
    assert lines == ["Insights history: no directory creators, skipped."]
