"""Regression: a `next` that is a bare word (no slash, no dot) once reached redirect(), which
read it as a view name and answered 500. Only paths on this site are followed now."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories
from tiktok.auth import SESSION_KEY
from tiktok.models import TikTokAccount

pytestmark = pytest.mark.django_db

BARE_WORDS = ["abc", "e3e70682-c209-4cac-629f-6fbed82c07cg", "linking:profile"]


@pytest.mark.parametrize("next_url", BARE_WORDS)
def test_it_ignores_a_bare_word_next_after_tiktok_sign_up_and_log_in(client, next_url):
    signup = {
        "handle": "next.tester",
        "display_name": "Next",
        "birth_date": "1990-01-01",
        "password": "long-enough-pw",
        "next": next_url,
    }
    response = client.post(reverse("tiktok:signup"), signup)
    assert response["Location"] == reverse("tiktok:me")
    login = {"handle": "next.tester", "password": "long-enough-pw", "next": next_url}
    response = client.post(reverse("tiktok:login"), login)
    assert response["Location"] == reverse("tiktok:me")


@pytest.mark.parametrize("next_url", BARE_WORDS)
def test_it_ignores_a_bare_word_next_when_switching_to_personal(client, next_url):
    account = factories.TikTokAccountFactory(account_type=TikTokAccount.AccountType.BUSINESS)
    session = client.session
    session[SESSION_KEY] = account.pk
    session.save()
    response = client.post(reverse("tiktok:switch_to_personal"), {"next": next_url})
    assert response["Location"] == reverse("tiktok:account_settings")


def test_it_still_follows_a_path_on_this_site(client, staff):
    client.force_login(staff)
    factories.TikTokLinkFactory(partner=staff.membership.partner)
    response = client.post(reverse("linking:start"), {"next": "/campaigns/new/"})
    assert response["Location"] == "/campaigns/new/"
    response = client.post(reverse("linking:start"), {"next": "abc"})
    assert response["Location"] == reverse("linking:profile")


@pytest.mark.parametrize("next_url", ["//", "//evil.example/x", "/\\evil.example"])
def test_it_ignores_a_next_that_a_browser_reads_as_another_host(client, next_url):
    account = factories.TikTokAccountFactory(account_type=TikTokAccount.AccountType.BUSINESS)
    session = client.session
    session[SESSION_KEY] = account.pk
    session.save()
    response = client.post(reverse("tiktok:switch_to_personal"), {"next": next_url})
    assert response["Location"] == reverse("tiktok:account_settings")
