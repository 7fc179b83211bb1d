"""Seeding again never undoes what users did: after creators decline an invitation and a
binding request, an account manager unlinks the demo link, a seller registers and an agency
creates a campaign, two more runs of `seed_demo` leave every row as the users left it."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Partner, User
from campaigns.models import Campaign, RegisteredProduct
from creators.models import BindingRequest, Invitation
from demo.people import DEMO_PASSWORD
from linking.models import LinkEvent, TikTokLink

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", "--creators", "30", stdout=out)
    return out.getvalue()


def _client(username: str) -> Client:
    client = Client()
    # Through the log-in form: django-axes checks every log-in against its request.
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302, response.content
    return client


def _every_row() -> dict:
    """Every row of every table the demo writes, as plain values."""
    ours = {"accounts", "tiktok", "linking", "creators", "campaigns", "insights", "auth"}
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.app_label in ours
    }


@pytest.fixture
def users_worked():
    """The demo, seeded once, then used."""
    _seed()
    lumen = Partner.objects.get(name="Lumen Agency")
    shoplift = Partner.objects.get(name="Shoplift Affiliates")
    invitation = Invitation.objects.get(partner=shoplift, creator__user__username="creator")
    decline = reverse("creator:invitation_decline", args=[invitation.code])
    assert _client("creator").post(decline).status_code == 302
    binding_request = BindingRequest.objects.get(
        partner=shoplift, creator__user__username="creator2"
    )
    decline = reverse("creator:request_decline", args=[binding_request.code])
    assert _client("creator2").post(decline).status_code == 302

    unlink = reverse("admin:linking_tiktoklink_unlink", args=[lumen.tiktok_link.pk])
    response = _client("am_alice").post(unlink, {"reason": "The agency changes its account"})
    assert response.status_code == 302

    cosy = Campaign.objects.get(partner=shoplift, name="Cosy Kitchen Fortnight")
    register = reverse("seller:register", args=[cosy.code])
    product = {"product_name": "Copper Kettle", "price": "35", "commission_rate": "14"}
    assert _client("seller2").post(register, {**product, "free_samples": "1"}).status_code == 302

    opens = timezone.localtime() + timedelta(days=3)
    response = _client("tap_staff").post(
        reverse("campaigns:create"),
        {
            "name": "Shoplift's own",
            "starts_at": f"{opens:%Y-%m-%d}T09:00",
            "registration_ends_at": f"{opens + timedelta(days=5):%Y-%m-%d}T09:00",
            "ends_at": f"{opens + timedelta(days=20):%Y-%m-%d}T09:00",
            "target": "all",
            "seller_origin": "both",
            "commission_rate": "11",
            "categories": ["food"],
            "min_shop_rating": "0",
            "contact_email": "own@shoplift.example",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    return invitation, binding_request, cosy


def test_it_leaves_every_row_as_the_users_left_it(users_worked):
    before = _every_row()
    _seed()
    _seed()
    assert _every_row() == before


def test_it_keeps_the_declines_the_unlink_the_registration_and_the_campaign(users_worked):
    invitation, binding_request, cosy = users_worked
    events = list(LinkEvent.objects.order_by("pk").values())
    output = _seed() + _seed()

    invitation.refresh_from_db()
    binding_request.refresh_from_db()
    assert invitation.status == binding_request.status == "declined"
    assert (
        Invitation.objects.filter(partner=invitation.partner, creator=invitation.creator).count()
        == 1
    )
    assert not TikTokLink.objects.filter(partner__name="Lumen Agency").exists()
    assert "Lumen Agency was unlinked by its account manager; left unlinked." in output
    assert list(LinkEvent.objects.order_by("pk").values()) == events
    assert RegisteredProduct.objects.filter(
        campaign=cosy, seller__user__username="seller2", product_name="Copper Kettle"
    ).exists()
    assert Campaign.objects.filter(name="Shoplift's own", partner__name="Shoplift Affiliates")
    assert Campaign.objects.filter(name="Cosy Kitchen Fortnight").count() == 1


def test_it_never_binds_a_creator_twice_to_one_agency(users_worked):
    """Kofi declined Shoplift's demo request; Shoplift asks again and he accepts. Had seeding
    made the declined one pending again, he could accept that too."""
    sent = _client("tap_staff").post(
        reverse("creators:partnership_add"),
        {"handles": "kofi.cooks", "last_day": (timezone.now() + timedelta(days=30)).date()},
    )
    assert sent.status_code == 302
    kofi = _client("creator2")
    again = BindingRequest.objects.get(partner__name="Shoplift Affiliates", status="pending")
    assert kofi.post(reverse("creator:request_accept", args=[again.code])).status_code == 302
    _seed()
    _seed()
    for pending in BindingRequest.objects.filter(
        creator__user__username="creator2", status="pending"
    ):
        kofi.post(reverse("creator:request_accept", args=[pending.code]))
    # Ended links (the insights history) may be followed by a new one; two live ones, never.
    twice = (
        BindingRequest.objects.live(timezone.now())
        .values("partner", "creator")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not twice.exists(), list(twice)


def test_it_never_makes_an_account_manager_a_superuser_again(users_worked):
    _seed()
    managers = User.objects.filter(username__in=["am_alice", "am_ben"])
    assert managers.count() == 2
    assert not managers.filter(is_superuser=True).exists()
    assert managers.filter(groups__name="Account managers").count() == 2
