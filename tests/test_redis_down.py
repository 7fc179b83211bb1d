"""Redis down: with REDIS_URL pointing at a Redis that is not there, every page still renders,
linking still works, and work that needed a task waits in the outbox and is sent once Redis is
back — nothing lost, nothing done twice."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from kombu.exceptions import OperationalError as BrokerUnavailable

from creators.models import Invitation
from linking.models import LinkSession, TikTokLink
from outbox.models import OutboxMessage
from outbox.services import outbox_flush
from partner_center.celery import app
from tests.factories import (
    CampaignFactory,
    CreatorFactory,
    InvitationFactory,
    TikTokAccountFactory,
    TikTokLinkFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def redis_down(cache_down, broker_down):
    """Cache and broker point at a Redis that is not there."""


def redis_is_back():
    """In tests a task 'sent' runs in-process, so its effect is visible at once."""
    app.conf.task_always_eager = True


def test_the_cache_and_broker_really_are_down(redis_down):
    from django.core.cache import cache
    from redis.exceptions import ConnectionError as RedisDown

    with pytest.raises(RedisDown):
        cache.get("anything")
    with pytest.raises(BrokerUnavailable), app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1)


def test_every_page_still_renders(
    redis_down, staff_client, creator_client, seller_client, partner, creator, seller
):
    TikTokLinkFactory(partner=partner)
    invitation = InvitationFactory(partner=partner, creator=creator, attach_profile=True)
    campaign = CampaignFactory(partner=partner, attach_profile=True)
    pages = {
        staff_client: [
            "/",
            "/account/profile/",
            "/account/link/",
            "/creators/find/",
            "/creators/partnerships/",
            "/creators/partnerships/add/",
            "/campaigns/",
            "/campaigns/new/",
            f"/campaigns/{campaign.code}/",
            "/insights/",
        ],
        creator_client: ["/creator/", f"/creator/invitations/{invitation.code}/"],
        seller_client: ["/seller/", f"/seller/campaigns/{campaign.code}/"],
        Client(): [
            "/login/",
            "/tiktok/",
            "/tiktok/login/",
            f"/tiktok/@{creator.tiktok_account.handle}/",
        ],
    }
    for client, urls in pages.items():
        for url in urls:
            assert client.get(url).status_code == 200, url


def test_linking_still_works(redis_down, staff_client, partner):
    response = staff_client.post("/account/link/")  # rate limited through the cache: fails open
    assert response.status_code == 302
    page = staff_client.get(response.url).text  # the QR code needs no cache to be drawn
    token = re.search(r"/tiktok/scan/#t=([\w-]+)", page).group(1)
    session = LinkSession.objects.get(partner=partner)
    assert (
        staff_client.get(
            f"/account/link/{session.code}/status/", headers={"HX-Request": "true"}
        ).status_code
        == 200
    )

    account = TikTokAccountFactory()
    phone = Client()
    assert (
        phone.post("/tiktok/login/", {"handle": account.handle, "password": "tt"}).status_code
        == 302
    )
    assert phone.post("/tiktok/scan/", {"token": token}).status_code == 200  # rate limited too
    assert phone.post("/tiktok/scan/continue/", {"token": token}).status_code == 302
    assert phone.post(f"/tiktok/link/{session.code}/confirm/").status_code == 200
    assert TikTokLink.objects.get(partner=partner).tiktok_account == account


def test_queued_work_waits_and_is_sent_once_redis_is_back(redis_down, staff_client, partner):
    creator = CreatorFactory(user__email="mia@example.com")
    response = staff_client.post(
        f"/creators/invite/?creators={creator.code}",
        {"message": "Hi", "purpose": "distribution", "contact_email": "team@agency.example"},
    )
    assert response.status_code == 302  # the invitation is sent...
    assert Invitation.objects.filter(partner=partner, creator=creator).exists()
    assert mail.outbox == []  # ...its notification could not be queued...
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 1  # ...and waits

    redis_is_back()
    assert outbox_flush(min_age=timedelta(0)) == 1  # as beat's sweep does a few seconds on
    assert [m.to for m in mail.outbox] == [["mia@example.com"]]

    assert outbox_flush(min_age=timedelta(0)) == 0  # nothing is sent twice
    from creators.tasks import notify_creators

    message = OutboxMessage.objects.get()
    notify_creators.apply(kwargs=message.kwargs)  # a task run twice has one effect
    assert len(mail.outbox) == 1
