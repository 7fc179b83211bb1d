"""accounts.0003 makes the "Account managers" group, with the permissions the admin needs, and
puts everyone who manages a partner in it; later migrations (linking.0006) add what the admin
needs since, so that the group ends up with `accounts.services`' live list."""

from __future__ import annotations

from importlib import import_module

import pytest

from accounts.services import ACCOUNT_MANAGER_PERMISSIONS, ACCOUNT_MANAGERS

BEFORE = ("accounts", "0002_tiktokaccount_moves_to_tiktok")
AFTER = ("accounts", "0003_account_managers_group")
GROUP_0003 = import_module("accounts.migrations.0003_account_managers_group")
ON_THE_DAY = {f"{app}.{action}_{model}" for app, model, action in GROUP_0003.PERMISSIONS}
UNLINK_REQUESTS_BEFORE = ("linking", "0006_unlinkrequest")
UNLINK_REQUESTS_AFTER = ("linking", "0007_account_managers_answer_unlink_requests")


def _permissions(group) -> set[str]:
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


@pytest.mark.django_db
def test_it_gives_todays_account_managers_the_group_and_its_permissions(migrator):
    old = migrator.apply_initial_migration(BEFORE)
    User = old.apps.get_model("accounts", "User")
    manager = User.objects.create(username="am", is_staff=True, is_superuser=True)
    clerk = User.objects.create(username="clerk", is_staff=True)
    old.apps.get_model("accounts", "Partner").objects.create(
        name="Northstar", market="US", is_cap=True, account_manager=manager
    )

    new = migrator.apply_tested_migration(AFTER)

    group = new.apps.get_model("auth", "Group").objects.get(name=ACCOUNT_MANAGERS)
    assert _permissions(group) == ON_THE_DAY
    assert list(group.user_set.values_list("username", flat=True)) == ["am"]
    User = new.apps.get_model("accounts", "User")
    assert User.objects.get(pk=manager.pk).is_superuser  # a flag is people's business, not ours
    assert not User.objects.get(pk=clerk.pk).groups.exists()


@pytest.mark.django_db
def test_it_names_the_permissions_as_django_does(migrator):
    """On a fresh database the permissions do not exist yet when it runs (Django makes them
    after the last migration): it makes them, named as Django would, so Django finds them."""
    old = migrator.apply_initial_migration(BEFORE)
    old.apps.get_model("auth", "Permission").objects.all().delete()
    old.apps.get_model("contenttypes", "ContentType").objects.filter(app_label="linking").delete()

    new = migrator.apply_tested_migration(AFTER)

    Permission = new.apps.get_model("auth", "Permission")
    unlink = Permission.objects.get(content_type__app_label="linking", codename="delete_tiktoklink")
    assert unlink.name == "Can delete TikTok link"
    assert Permission.objects.count() == len(ON_THE_DAY)


@pytest.mark.django_db
def test_it_lets_the_group_answer_unlink_requests_ending_with_the_live_list(migrator):
    old = migrator.apply_initial_migration([AFTER, UNLINK_REQUESTS_BEFORE])
    group = old.apps.get_model("auth", "Group").objects.get(name=ACCOUNT_MANAGERS)
    assert "linking.change_unlinkrequest" not in _permissions(group)

    new = migrator.apply_tested_migration(UNLINK_REQUESTS_AFTER)

    group = new.apps.get_model("auth", "Group").objects.get(name=ACCOUNT_MANAGERS)
    assert _permissions(group) == set(ACCOUNT_MANAGER_PERMISSIONS)
    Permission = new.apps.get_model("auth", "Permission")
    answer = Permission.objects.get(codename="change_unlinkrequest")
    assert answer.name == "Can change unlink or change request"  # as Django names it


@pytest.mark.django_db
def test_it_leaves_a_database_without_the_group_alone(migrator):
    old = migrator.apply_initial_migration([AFTER, UNLINK_REQUESTS_BEFORE])
    old.apps.get_model("auth", "Group").objects.filter(name=ACCOUNT_MANAGERS).delete()

    new = migrator.apply_tested_migration(UNLINK_REQUESTS_AFTER)

    assert not new.apps.get_model("auth", "Group").objects.filter(name=ACCOUNT_MANAGERS).exists()


TEAM_BEFORE = ("accounts", "0006_notification_kinds_for_unlink_requests")
TEAM_AFTER = ("accounts", "0009_team_constraints")


@pytest.mark.django_db
def test_it_keeps_every_staff_login_able_to_do_what_it_did(migrator):
    """Before roles everyone could use everything: the first admin becomes the main account,
    the others members with the role Full access; a deactivated user stays deactivated."""
    old = migrator.apply_initial_migration(TEAM_BEFORE)
    User = old.apps.get_model("accounts", "User")
    Partner = old.apps.get_model("accounts", "Partner")
    Membership = old.apps.get_model("accounts", "Membership")
    manager = User.objects.create(username="am", is_staff=True)
    north = Partner.objects.create(name="North", market="US", is_cap=True, account_manager=manager)
    south = Partner.objects.create(name="South", market="GB", is_tap=True, account_manager=manager)
    people = {}
    for username, partner, role, active in [
        ("north_member", north, "member", True),
        ("north_admin", north, "admin", True),
        ("north_admin2", north, "admin", True),
        ("north_gone", north, "member", False),
        ("south_only_member", south, "member", True),
    ]:
        user = User.objects.create(
            username=username, email=f"{username}@x.example", is_active=active
        )
        people[username] = Membership.objects.create(user=user, partner=partner, role=role).pk

    new = migrator.apply_tested_migration(TEAM_AFTER)

    Membership = new.apps.get_model("accounts", "Membership")
    rows = {m.user.username: m for m in Membership.objects.select_related("user", "team_role")}
    assert rows["north_admin"].is_main and rows["south_only_member"].is_main
    assert not rows["north_admin2"].is_main and not rows["north_member"].is_main
    for username in ("north_admin2", "north_member", "north_gone"):
        role = rows[username].team_role
        assert role.name == "Full access"
        assert role.profile and role.find_creators and role.partnerships
        assert role.campaigns and role.insights
    assert rows["north_gone"].deactivated_at is not None
    assert all(m.activated_at is not None for m in rows.values())
    assert len({m.code for m in rows.values()}) == len(rows)  # each its own code
    assert {pk for pk in people.values()} == {m.pk for m in rows.values()}


@pytest.mark.django_db
def test_it_stops_and_names_accounts_sharing_an_email(migrator):
    old = migrator.apply_initial_migration(TEAM_BEFORE)
    User = old.apps.get_model("accounts", "User")
    User.objects.create(username="ann", email="ann@x.example")
    User.objects.create(username="ann2", email="ANN@x.example")
    with pytest.raises(RuntimeError, match=r"ann@x\.example: ann, ann2"):
        migrator.apply_tested_migration(TEAM_AFTER)
    assert User.objects.filter(email__iexact="ann@x.example").count() == 2  # nothing changed
    User.objects.filter(username="ann2").update(email="ann2@x.example")
    migrator.apply_tested_migration(TEAM_AFTER)  # as the message says: then it goes through
