"""Team members and roles, step 3 of 3: the old role column goes, and the database holds the
team's rules (one main account per agency, a role for every member, one account per e-mail)."""

import uuid

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_team_data"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="membership",
            options={"ordering": ["-is_main", "user__first_name", "user__last_name", "user__username"]},
        ),
        migrations.RemoveField(model_name="membership", name="role"),
        migrations.AlterField(
            model_name="membership",
            name="code",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower("email"), condition=models.Q(("email", ""), _negated=True), name="accounts_user_email_unique", violation_error_message="This e-mail address already belongs to an account."),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.UniqueConstraint(condition=models.Q(("is_main", True)), fields=("partner",), name="accounts_membership_one_main_account", violation_error_message="An agency has one main account."),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.CheckConstraint(condition=models.Q(models.Q(("is_main", True), ("team_role__isnull", True)), models.Q(("is_main", False), ("team_role__isnull", False)), _connector="OR"), name="accounts_membership_member_holds_a_role", violation_error_message="A member holds a role; the main account holds none."),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.CheckConstraint(condition=models.Q(("is_main", False), ("deactivated_at__isnull", True), _connector="OR"), name="accounts_membership_main_account_stays_active", violation_error_message="The main account cannot be deactivated."),
        ),
        migrations.AddConstraint(
            model_name="teamrole",
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower("name"), models.F("partner"), name="accounts_teamrole_unique_name", violation_error_message="Your agency already has a role with this name."),
        ),
        migrations.AddConstraint(
            model_name="teamrole",
            constraint=models.CheckConstraint(condition=models.Q(("name__regex", "[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029]"), _negated=True), name="accounts_teamrole_name_single_line", violation_error_message="A role's name is one line."),
        ),
    ]
