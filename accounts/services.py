"""Writes for people: the account managers' group."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

ACCOUNT_MANAGERS = "Account managers"

# What an account manager may do in the admin: see the partners they manage, their staff, their
# TikTok links, sessions and audit trail, unlink (deleting a link is what unlinking means), and
# answer the partners' unlink or change requests (approving or declining changes a request).
# The admin scopes every row to the manager's partners (partner_center/admin.py). A permission
# added here needs a data migration for the groups already made (as linking.0006 does).
ACCOUNT_MANAGER_PERMISSIONS = [
    "accounts.view_partner",
    "accounts.view_membership",
    "accounts.view_user",
    "tiktok.view_tiktokaccount",
    "linking.view_tiktoklink",
    "linking.delete_tiktoklink",
    "linking.view_linkevent",
    "linking.view_linksession",
    "linking.view_unlinkrequest",
    "linking.change_unlinkrequest",
]


def account_managers_group_get_or_create() -> Group:
    """The group made by accounts.0003. Made again, with its permissions, only when missing (an
    emptied test database, say); an existing group is left as its administrators keep it."""
    with transaction.atomic():
        group, created = Group.objects.get_or_create(name=ACCOUNT_MANAGERS)
        if created:
            wanted = Q()
            for name in ACCOUNT_MANAGER_PERMISSIONS:
                app_label, codename = name.split(".")
                wanted |= Q(content_type__app_label=app_label, codename=codename)
            group.permissions.set(Permission.objects.filter(wanted))
    return group
