from __future__ import annotations

import re

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from linking import services
from tests import factories
from tiktok.auth import SESSION_KEY


@pytest.fixture
def account(db):
    """An eligible TikTok account."""
    return factories.TikTokAccountFactory(handle="agency.official", display_name="Agency HQ")


@pytest.fixture
def started(partner, staff):
    """A fresh link session for `partner`: (session, raw token)."""
    return services.link_session_start(partner=partner, started_by=staff)


@pytest.fixture
def tiktok_client(account):
    """A browser logged in to the simulated TikTok app as `account`."""
    return tiktok_client_for(account)


def tiktok_client_for(account) -> Client:
    client = Client()
    session = client.session
    session[SESSION_KEY] = account.pk
    session.save()
    return client


def scan(phone: Client, token: str) -> HttpResponse:
    """What the phone does with a scanned code: the scan screen posts the token (who is asking),
    then the user taps Continue. Returns the answer to the tap."""
    phone.post(reverse("linking:scan"), {"token": token})
    return phone.post(reverse("linking:scan_continue"), {"token": token})


def token_on_page(page: HttpResponse) -> str:
    """The token in the link page's "Open in the simulated TikTok app" link (its QR code's URL)."""
    return re.search(r'href="[^"]*/tiktok/scan/#t=([\w-]+)"', page.content.decode()).group(1)
