"""The team in a real browser: the main account defines a role and invites a colleague, who
joins from the e-mail's link and sees only what the role grants; deactivated, they are out."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-new-passphrase-2026"


@pytest.fixture
def devices(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    contexts = [browser.new_context(base_url=live_server.url) for _ in range(2)]
    yield [context.new_page() for context in contexts]
    for context in contexts:
        context.close()


def test_a_main_account_invites_a_member_who_sees_only_their_role(devices, log_in, staff):
    main, colleague = devices
    log_in(main, "staff")
    main.get_by_role("link", name="Team members").first.click()
    expect(main.get_by_role("heading", name="Team members")).to_be_visible()

    main.get_by_role("link", name="Add a role").first.click()
    main.get_by_label("Name").fill("Analyst")
    main.get_by_label("Insights").check()
    main.get_by_role("button", name="Save role").click()
    expect(main.get_by_text("Role Analyst saved")).to_be_visible()

    main.get_by_label("E-mail address").fill("nina@agency.example")
    main.get_by_label("First name").fill("Nina")
    main.get_by_label("Role", exact=True).select_option(label="Analyst")
    main.get_by_role("button", name="Send invitation").click()
    expect(main.get_by_text("Invitation sent to nina@agency.example")).to_be_visible()
    expect(main.get_by_role("row").filter(has_text="nina@agency.example")).to_contain_text(
        "Invited"
    )

    (message,) = mail.outbox
    link = re.search(r"http://\S+/team/join/\S+/", message.body).group(0)
    colleague.goto(link)
    expect(colleague.get_by_text("as Analyst")).to_be_visible()
    colleague.get_by_label("New password", exact=True).fill(PASSWORD)
    colleague.get_by_label("New password confirmation").fill(PASSWORD)
    colleague.get_by_role("button", name="Set password and join").click()

    nav = colleague.get_by_role("navigation", name="Partner Center")
    expect(nav.get_by_role("link", name="Insights")).to_be_visible()
    for hidden in (
        "Profile",
        "Find Creators",
        "Manage Partnerships",
        "My Campaigns",
        "Team members",
    ):
        expect(nav.get_by_role("link", name=hidden)).to_have_count(0)
    colleague.goto("/campaigns/")
    expect(colleague.get_by_text("does not include Partner Campaigns")).to_be_visible()

    main.reload()
    main.get_by_role("link", name="Nina").click()
    main.get_by_role("button", name="Deactivate").click()
    expect(main.get_by_text("is deactivated")).to_be_visible()

    colleague.goto("/insights/")
    expect(colleague).to_have_url(re.compile("/login/"))
