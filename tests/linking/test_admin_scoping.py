"""Account managers see and change only the partners they manage, as the demo seeds them:
am_ben manages Shoplift Affiliates only, am_alice Northstar Creators (and Lumen), and the
superuser `admin` sees everything. Every admin URL of partners, users, TikTok accounts, links,
the audit trail and link sessions, with Northstar's objects, as am_ben."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import Partner, User
from demo.people import DEMO_PASSWORD
from linking.models import LinkEvent, LinkSession, TikTokLink
from tests import factories
from tiktok.models import TikTokAccount

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--creators", "0", stdout=StringIO())
    northstar = Partner.objects.get(name="Northstar Creators")
    shoplift = Partner.objects.get(name="Shoplift Affiliates")
    # The demo leaves Northstar to be linked by QR; here it has linked, with its audit entry.
    staff = User.objects.get(username="staff")
    account = TikTokAccount.objects.get(handle="northstar.official")
    factories.TikTokLinkFactory(partner=northstar, tiktok_account=account, linked_by=staff)
    factories.LinkEventFactory(partner=northstar, tiktok_account=account, actor=staff)
    # A failed session each, scanned by an account of no partner's.
    reason = LinkSession.FailureReason
    for partner, staff, scanner, why in [
        (northstar, "staff", "teen.trends", reason.UNDER_18),
        (shoplift, "tap_staff", "strike.zone", reason.VIOLATION_HISTORY),
    ]:
        factories.LinkSessionFactory(
            partner=partner,
            started_by=User.objects.get(username=staff),
            status=LinkSession.Status.FAILED,
            failure_reasons=[why],
            tiktok_account=TikTokAccount.objects.get(handle=scanner),
        )
    return northstar, shoplift


def _log_in(username: str) -> Client:
    client = Client(raise_request_exception=False)
    # Through the log-in form: django-axes checks every log-in against its request.
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302, response.content
    return client


def _northstars_objects(northstar) -> list:
    """One of each model the managers' admin shows, all Northstar's."""
    return [
        northstar,
        User.objects.get(username="staff"),
        northstar.account_manager,
        TikTokAccount.objects.get(handle="northstar.official"),
        TikTokAccount.objects.get(handle="teen.trends"),
        northstar.tiktok_link,
        LinkEvent.objects.get(partner=northstar),
        LinkSession.objects.get(partner=northstar),
    ]


def _admin_url(obj, view: str) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])


def _object_urls(obj) -> list[str]:
    urls = [_admin_url(obj, view) for view in ("change", "history", "delete")]
    if isinstance(obj, TikTokLink):
        urls.append(_admin_url(obj, "unlink"))
    if isinstance(obj, User):
        urls.append(reverse("admin:auth_user_password_change", args=[obj.pk]))
    return urls


def _changelist(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_changelist")


def _audit_trail() -> list:
    return list(LinkEvent.objects.order_by("pk").values())


def test_it_seeds_managers_as_staff_of_the_group_and_a_separate_superuser(demo):
    for username in ("am_alice", "am_ben"):
        manager = User.objects.get(username=username)
        assert manager.is_staff and not manager.is_superuser
        assert manager.has_perm("linking.delete_tiktoklink")
        assert not manager.has_perm("accounts.change_partner")
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff


def test_it_answers_404_on_every_url_of_another_partners_objects(demo):
    northstar, _ = demo
    am_ben = _log_in("am_ben")
    before = _audit_trail()
    problems = []
    for obj in _northstars_objects(northstar):
        for url in _object_urls(obj):
            for method in ("get", "post"):
                data = {"reason": "Not mine", "post": "yes"} if method == "post" else {}
                response = getattr(am_ben, method)(url, data)
                if response.status_code not in (403, 404):
                    problems.append(f"{method.upper()} {url}: {response.status_code}")
    assert not problems, "\n".join(problems)
    assert TikTokLink.objects.filter(partner=northstar).exists()
    assert _audit_trail() == before


def test_it_never_lists_another_partners_objects(demo):
    northstar, shoplift = demo
    am_ben = _log_in("am_ben")
    for obj in _northstars_objects(northstar):
        queries = ["", "?q=Northstar", f"?id__exact={obj.pk}"]
        if any(field.name == "partner" for field in obj._meta.get_fields()):
            queries.append(f"?partner__id__exact={northstar.pk}")
        for query in queries:
            page = am_ben.get(_changelist(obj) + query)
            assert page.status_code == 200, f"{_changelist(obj)}{query}: {page.status_code}"
            assert _admin_url(obj, "change") not in page.text, f"{obj!r} in {_changelist(obj)}"
    # The lists are not merely empty: am_ben's own rows are there.
    own = [
        shoplift,
        User.objects.get(username="tap_staff"),
        LinkSession.objects.get(partner=shoplift),
    ]
    own.append(TikTokAccount.objects.get(handle="strike.zone"))
    for obj in own:
        assert _admin_url(obj, "change") in am_ben.get(_changelist(obj)).text


def test_it_shows_a_manager_his_own_partners_objects(demo):
    _, shoplift = demo
    am_ben = _log_in("am_ben")
    assert am_ben.get(_admin_url(shoplift, "change")).status_code == 200
    session = LinkSession.objects.get(partner=shoplift)
    assert am_ben.get(_admin_url(session, "change")).status_code == 200
    assert (
        am_ben.get(_admin_url(User.objects.get(username="tap_staff"), "change")).status_code == 200
    )


def test_it_offers_only_the_managers_own_people_in_autocomplete(demo):
    am_ben = _log_in("am_ben")
    url = reverse("admin:autocomplete")
    query = {"app_label": "accounts", "model_name": "membership", "field_name": "user"}
    results = am_ben.get(url, query).json()["results"]
    usernames = set(
        User.objects.filter(pk__in=[r["id"] for r in results]).values_list("username", flat=True)
    )
    assert usernames == {"tap_staff", "tom@shoplift.example", "am_ben"}


def test_it_lets_a_manager_unlink_his_own_partner(demo):
    _, shoplift = demo
    factories.TikTokLinkFactory(
        partner=shoplift,
        tiktok_account=TikTokAccount.objects.get(handle="shoplift.uk"),
        linked_by=User.objects.get(username="tap_staff"),
    )
    am_ben = _log_in("am_ben")
    link = shoplift.tiktok_link
    response = am_ben.post(_admin_url(link, "unlink"), {"reason": "Agency changes its account"})
    assert response.status_code == 302
    assert not TikTokLink.objects.filter(partner=shoplift).exists()
    event = LinkEvent.objects.get(partner=shoplift, event=LinkEvent.Event.UNLINKED)
    assert (event.actor.username, event.reason) == ("am_ben", "Agency changes its account")


def test_it_keeps_a_manager_out_of_what_he_has_no_permission_for(demo):
    am_ben = _log_in("am_ben")
    campaign = factories.CampaignFactory(partner=demo[1])
    for url in (
        _changelist(campaign),
        _admin_url(campaign, "change"),
        reverse("admin:creators_invitation_changelist"),
        reverse("admin:outbox_outboxmessage_changelist"),
        reverse("admin:auth_group_changelist"),
        reverse("admin:accounts_partner_add"),
    ):
        assert am_ben.get(url).status_code == 403, url
    northstar = demo[0]
    response = am_ben.post(_admin_url(demo[1], "change"), {"name": "Renamed"})
    assert response.status_code == 403
    assert Partner.objects.get(pk=demo[1].pk).name == "Shoplift Affiliates"
    assert Partner.objects.get(pk=northstar.pk).name == "Northstar Creators"


def test_it_refuses_another_partner_in_a_form_even_by_raw_id(demo):
    """Foreign-key choices are what the user may see: a manager who was given campaigns cannot
    move one to a partner he does not manage."""
    northstar, shoplift = demo
    am_ben = User.objects.get(username="am_ben")
    am_ben.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_campaign", "change_campaign"])
    )
    campaign = factories.CampaignFactory(partner=shoplift, name="Shoplift only")
    client = _log_in("am_ben")
    page = client.get(_changelist(campaign)).text
    assert "Shoplift only" in page and "Northstar Creators" not in page
    form = {
        "partner": northstar.pk,
        "created_by": User.objects.get(username="tap_staff").pk,
        "name": "Moved",
        "registration_starts_at_0": "2030-01-01",
        "registration_starts_at_1": "09:00",
        "registration_ends_at_0": "2030-01-10",
        "registration_ends_at_1": "09:00",
        "starts_at_0": "2030-01-11",
        "starts_at_1": "09:00",
        "ends_at_0": "2030-02-01",
        "ends_at_1": "09:00",
        "commission_rate": "10",
        "category_bits": "1",
        "min_shop_rating": "0",
        "contact_email": "a@example.com",
        "target": "all",
        "seller_origin": "both",
    }
    response = client.post(_admin_url(campaign, "change"), form)
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    campaign.refresh_from_db()
    assert (campaign.partner, campaign.name) == (shoplift, "Shoplift only")
    form["partner"] = shoplift.pk
    assert client.post(_admin_url(campaign, "change"), form).status_code == 302
    campaign.refresh_from_db()
    assert campaign.name == "Moved"


def test_it_shows_the_superuser_everything(demo):
    northstar, shoplift = demo
    admin = _log_in("admin")
    for obj in _northstars_objects(northstar):
        assert admin.get(_admin_url(obj, "change")).status_code == 200, obj
        assert _admin_url(obj, "change") in admin.get(_changelist(obj)).text, obj
    partners = admin.get(_changelist(northstar)).text
    assert _admin_url(shoplift, "change") in partners
    assert admin.get(_admin_url(northstar.tiktok_link, "unlink")).status_code == 200
