"""The "Account managers" group: the model permissions an account manager needs to see the
partners they manage and unlink their TikTok accounts (the admin scopes every row to their
partners). Everyone who manages a partner today joins it, so a manager keeps the admin when no
longer a superuser.

The permission list is frozen here as it was on the day; `accounts.services` keeps the live one.
"""

from django.db import migrations

GROUP = "Account managers"
PERMISSIONS = [
    ("accounts", "partner", "view"),
    ("accounts", "membership", "view"),
    ("accounts", "user", "view"),
    ("tiktok", "tiktokaccount", "view"),
    ("linking", "tiktoklink", "view"),
    ("linking", "tiktoklink", "delete"),
    ("linking", "linkevent", "view"),
    ("linking", "linksession", "view"),
]


def create_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Partner = apps.get_model("accounts", "Partner")
    User = apps.get_model("accounts", "User")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, model_name, action in PERMISSIONS:
        # On a fresh database the permissions are made only after the last migration
        # (post_migrate): make them now, as Django would name them.
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model_name)
        verbose_name = apps.get_model(app_label, model_name)._meta.verbose_name_raw
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_{model_name}",
            defaults={"name": f"Can {action} {verbose_name}"},
        )
        group.permissions.add(permission)
    managers = User.objects.filter(pk__in=Partner.objects.values("account_manager"))
    group.user_set.add(*managers)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_tiktokaccount_moves_to_tiktok"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("tiktok", "0001_initial"),
        ("linking", "0003_tiktokaccount_moves_to_tiktok"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
