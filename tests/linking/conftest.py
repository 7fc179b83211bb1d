from __future__ import annotations

import pytest
from django.test import Client

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
