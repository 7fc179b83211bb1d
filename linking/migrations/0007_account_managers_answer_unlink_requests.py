"""Account managers answer their partners' unlink or change requests: the "Account managers"
group (accounts.0003) gets the permissions to see them and to approve or decline them.

The permission list is frozen here as it was on the day; `accounts.services` keeps the live one.
A database without the group (its administrators removed it) is left alone: the group is made
again, with the live list, by `accounts.services.account_managers_group_get_or_create`.
"""

from django.db import migrations

GROUP = "Account managers"
PERMISSIONS = [
    ("linking", "unlinkrequest", "view"),
    ("linking", "unlinkrequest", "change"),
]


def add_permissions(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP).first()
    if group is None:
        return
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


def remove_permissions(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP).first()
    if group is None:
        return
    Permission = apps.get_model("auth", "Permission")
    for app_label, model_name, action in PERMISSIONS:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label=app_label, codename=f"{action}_{model_name}"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("linking", "0006_unlinkrequest"),
        ("accounts", "0003_account_managers_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
