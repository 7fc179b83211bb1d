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
