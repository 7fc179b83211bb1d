"""Team members and roles, step 2 of 3: every agency's existing staff keep what they could do.

Before roles, every staff login could use every section. Each agency's main account becomes its
first admin (or, without one, its first staff login); everyone else gets the role "Full access",
which grants every module, so nobody loses a page they used. Users who were deactivated stay
so, as deactivated members.

0009 makes e-mail addresses unique. Two accounts sharing one address cannot be merged or told
apart by a migration, so this step stops and names them; give one of them another address (in
the admin) and migrate again.
"""

import uuid

from django.db import migrations
from django.db.models import Count
from django.db.models.functions import Lower
from django.utils import timezone

MODULES = ["profile", "find_creators", "partnerships", "campaigns", "insights"]


def check_emails_are_unique(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    shared = (
        User.objects.exclude(email="")
        .annotate(address=Lower("email"))
        .values("address")
        .annotate(accounts=Count("id"))
        .filter(accounts__gt=1)
    )
    if shared:
        lines = []
        for row in shared:
            names = User.objects.filter(email__iexact=row["address"]).values_list(
                "username", flat=True
            )
            lines.append(f"  {row['address']}: {', '.join(sorted(names))}")
        raise RuntimeError(
            "One e-mail address belongs to one account, and these are shared:\n"
            + "\n".join(lines)
            + "\nGive each account its own address (in the admin), then migrate again."
        )


def teams_from_staff(apps, schema_editor):
    Membership = apps.get_model("accounts", "Membership")
    TeamRole = apps.get_model("accounts", "TeamRole")
    now = timezone.now()
    by_partner = {}
    for membership in Membership.objects.select_related("user").order_by("id"):
        by_partner.setdefault(membership.partner_id, []).append(membership)
    for partner_id, memberships in by_partner.items():
        admins = [m for m in memberships if m.role == "admin"]
        main = (admins or memberships)[0]
        full_access = None
        for membership in memberships:
            membership.code = uuid.uuid4()
            membership.activated_at = membership.user.date_joined
            membership.is_main = membership is main
            if not membership.is_main:
                if full_access is None:
                    full_access = TeamRole.objects.create(
                        partner_id=partner_id,
                        name="Full access",
                        **{module: True for module in MODULES},
                    )
                membership.team_role = full_access
                if not membership.user.is_active:
                    membership.deactivated_at = now
            membership.save(
                update_fields=["code", "activated_at", "is_main", "team_role", "deactivated_at"]
            )


def staff_from_teams(apps, schema_editor):
    Membership = apps.get_model("accounts", "Membership")
    Membership.objects.filter(is_main=True).update(role="admin")
    Membership.objects.filter(is_main=False).update(role="member")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_team"),
    ]

    operations = [
        migrations.RunPython(check_emails_are_unique, migrations.RunPython.noop),
        migrations.RunPython(teams_from_staff, staff_from_teams),
    ]
