"""accounts.0003 makes the "Account managers" group, with the permissions the admin needs, and
puts everyone who manages a partner in it."""

from __future__ import annotations

import pytest

from accounts.services import ACCOUNT_MANAGER_PERMISSIONS, ACCOUNT_MANAGERS

BEFORE = ("accounts", "0002_tiktokaccount_moves_to_tiktok")
AFTER = ("accounts", "0003_account_managers_group")


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
    permissions = {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }
    assert permissions == set(ACCOUNT_MANAGER_PERMISSIONS)
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
    assert Permission.objects.count() == len(ACCOUNT_MANAGER_PERMISSIONS)
