from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from accounts.models import Partner
from tests.factories import PartnerFactory, TikTokAccountFactory
from tiktok.models import TikTokAccount


@pytest.mark.parametrize(
    ("cap", "tap", "label"),
    [
        (True, True, "Creator Agency Partner"),
        (True, False, "Creator Agency Partner"),
        (False, True, "TikTok Shop Affiliate Partner"),
    ],
)
def test_it_derives_the_partner_label(cap, tap, label):
    assert Partner(is_cap=cap, is_tap=tap).partner_label == label


@pytest.mark.django_db
def test_it_requires_a_programme():
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnerFactory(is_cap=False, is_tap=False)


@pytest.mark.django_db
def test_it_keeps_handles_unique_whatever_the_case():
    TikTokAccountFactory(handle="Mia.Makes")
    with pytest.raises(IntegrityError), transaction.atomic():
        TikTokAccountFactory(handle="mia.makes")


@pytest.mark.parametrize("handle", ["ab", "mia.makes", "a_b.c_d", "x" * 24])
def test_it_accepts_tiktok_handles(handle):
    TikTokAccount._meta.get_field("handle").run_validators(handle)


@pytest.mark.parametrize("handle", ["a", "ends.", "has space", "é", "x" * 25, "<b>"])
def test_it_rejects_bad_handles(handle):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        TikTokAccount._meta.get_field("handle").run_validators(handle)


def test_it_counts_age_in_whole_years():
    account = TikTokAccount(birth_date=date(2008, 11, 23))
    assert account.age_on(date(2026, 11, 22)) == 17
    assert account.age_on(date(2026, 11, 23)) == 18


@pytest.mark.django_db
def test_it_checks_tiktok_passwords():
    account = TikTokAccountFactory()
    assert account.check_password("tt")
    assert not account.check_password("wrong")
    assert not TikTokAccount(password="").check_password("")
