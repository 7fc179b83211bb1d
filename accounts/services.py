"""Writes for people: the account managers' group."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Partner, ProfileSharing, User
from .permissions import Section, require_user

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


def partner_profile_update(
    *,
    user: User,
    partner: Partner,
    name: str,
    contact_email: str,
    website: str,
    logo: ContentFile | None,
    remove_logo: bool = False,
    sharing: dict[tuple[str, str], bool],
) -> Partner:
    """Save the agency profile's basics and its sharing choices together. `logo` is already
    checked and resized (`agency_profile.logo_resized`); `sharing` maps (programme, market)
    to shared, for the programmes and markets the agency has."""
    require_user(user, partner, Section.PROFILE)
    with transaction.atomic():
        locked = Partner.objects.select_for_update().get(pk=partner.pk)
        old_logo = locked.logo.name if locked.logo else ""
        locked.name = name
        locked.contact_email = contact_email
        locked.website = website
        if logo is not None:
            locked.logo.save(f"{locked.code}.png", logo, save=False)
        elif remove_logo:
            locked.logo = ""
        locked.full_clean(exclude=["account_manager"])
        locked.save(update_fields=["name", "contact_email", "website", "logo"])
        for (programme, market), authorized in sharing.items():
            if programme not in locked.programme_list or market not in locked.markets_served:
                raise ValueError(f"{locked} has no {programme} profile in {market}.")
            ProfileSharing.objects.update_or_create(
                partner=locked,
                programme=programme,
                market=market,
                defaults={
                    "authorized": authorized,
                    "changed_by": user,
                    "changed_at": timezone.now(),
                },
            )
        if old_logo and old_logo != (locked.logo.name if locked.logo else ""):
            name_to_delete = old_logo
            storage = locked.logo.storage
            transaction.on_commit(lambda: storage.delete(name_to_delete))
    return locked
