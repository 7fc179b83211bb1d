from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Partner, User
from creators.models import BindingRequest, Creator, Invitation
from creators.services import InviteTerms, invitations_send, link_requests_send
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


def test_no_two_demo_tiktok_accounts_show_the_same_figures():
    call_command("seed_demo", "--creators", "200", stdout=StringIO())
    figures = list(TikTokAccount.objects.values_list("followers", "following", "likes"))
    assert len(figures) == 12 + 200
    assert len(set(figures)) == len(figures)
    named = Creator.objects.filter(user__isnull=False)
    assert len({(c.sales_30d, c.units_sold_30d) for c in named}) == named.count() == 3


def test_the_readmes_first_creator_holds_nothing_from_staffs_agency():
    """README: `staff` invites `creator` (@mia.makes) first, and nothing stands in the way."""
    call_command("seed_demo", "--creators", "30", stdout=StringIO())
    northstar = Partner.objects.get(name="Northstar Creators")
    mia = Creator.objects.get(user__username="creator", tiktok_account__handle="mia.makes")
    assert (mia.market, northstar.market) == ("US", "US")
    for model in (Invitation, BindingRequest):
        assert not model.objects.filter(partner=northstar, creator=mia).exists()

    staff = User.objects.get(username="staff")
    terms = InviteTerms(
        purpose="distribution",
        message="Try our serum?",
        attach_profile=False,
        contact_email="team@agency.example",
    )
    invited = invitations_send(partner=northstar, sent_by=staff, creator_ids=[mia.pk], terms=terms)
    assert (invited.sent, invited.skipped) == (1, 0)
    asked = link_requests_send(
        partner=northstar,
        sent_by=staff,
        creators=[mia],
        message="Join us",
        last_day=timezone.now().date() + timedelta(days=30),
        attach_profile=False,
    )
    assert (asked.sent, asked.skipped) == (1, 0)


def test_it_fills_every_tab_of_manage_partnerships(client):
    call_command("seed_demo", "--creators", "200", stdout=StringIO())
    client.force_login(User.objects.get(username="staff"))
    response = client.get("/creators/partnerships/", {"per_page": 200})
    counts = {key: n for key, _label, n in response.context["tabs"]}
    assert all(counts.values()), counts
    states = {row.state for row in response.context["page"].items}
    assert {"linked", "unlink_requested", "link_requested", "declined", "unlinked"} <= states
    assert {"request_expired", "link_expired"} <= states
    assert any(row.can_extend for row in response.context["page"].items)


def test_it_gives_the_demo_agencies_profiles_of_each_sharing_kind():
    from accounts.agency_profile import sharing_choices

    call_command("seed_demo", "--creators", "0", stdout=StringIO())
    northstar = Partner.objects.get(name="Northstar Creators")
    assert northstar.logo and northstar.website
    assert sharing_choices(northstar) == {("CAP", "US"): True, ("TAP", "US"): True}
    lumen = Partner.objects.get(name="Lumen Agency")
    assert sharing_choices(lumen) == {("CAP", "ID"): True} and not lumen.logo
    shoplift = Partner.objects.get(name="Shoplift Affiliates")
    assert sharing_choices(shoplift) == {("TAP", "GB"): False}


def test_it_fills_invitation_history_with_every_status_and_one_to_resend(client):
    call_command("seed_demo", "--creators", "60", stdout=StringIO())
    client.force_login(User.objects.get(username="staff"))
    for status in ("pending", "accepted", "declined", "expired"):
        response = client.get("/creators/invitations/", {"status": status})
        assert response.context["page"].paginator.count, status
    resendable = Invitation.objects.get(message="Our autumn kitchen campaign starts soon: join us?")
    page = client.get(f"/creators/invitations/{resendable.code}/").text
    assert f'action="/creators/invitations/{resendable.code}/resend/"' in page
    assert client.post(f"/creators/invitations/{resendable.code}/resend/").status_code == 302
