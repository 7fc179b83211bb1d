from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.models import Partner
from creators.models import Creator
from tiktok.models import TikTokAccount

pytestmark = pytest.mark.django_db


def _row_counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


def test_it_is_idempotent():
    call_command("seed_demo", "--creators", "30", stdout=StringIO())
    first = _row_counts()
    call_command("seed_demo", "--creators", "30", stdout=StringIO())
    assert _row_counts() == first


def test_it_creates_every_programme_mix_and_eligibility_case():
    call_command("seed_demo", "--creators", "0", stdout=StringIO())
    labels = {p.programmes for p in Partner.objects.all()}
    assert labels == {"CAP + TAP", "TAP", "CAP"}
    accounts = TikTokAccount.objects
    assert accounts.filter(account_type="business").exists()
    assert accounts.filter(status="suspended").exists()
    assert accounts.filter(violation_count__gt=0).exists()
    assert accounts.filter(affiliation="other_agency").exists()
    assert accounts.filter(affiliation="creator_network").exists()
    assert any(a.age_on(a.created_at.date()) < 18 for a in accounts.all())


def test_it_scales_the_directory():
    call_command("seed_demo", "--creators", "250", stdout=StringIO())
    assert Creator.objects.filter(tiktok_account__handle__startswith="dir_").count() == 250
    call_command("seed_demo", "--creators", "300", stdout=StringIO())
    assert Creator.objects.filter(tiktok_account__handle__startswith="dir_").count() == 300
