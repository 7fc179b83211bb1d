"""Team members and roles, step 1 of 3: the new table and columns, all optional, so that the
rows already there stay valid until 0008 fills them in."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_notification_kinds_for_unlink_requests"),
    ]

    operations = [
        migrations.CreateModel(
            name="TeamRole",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("name", models.CharField(max_length=50, validators=[django.core.validators.RegexValidator("[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029]", "Use one line, without line breaks, tabs or control characters.", code="not_single_line", inverse_match=True)])),
                ("profile", models.BooleanField(default=False, verbose_name="Account & TikTok link")),
                ("find_creators", models.BooleanField(default=False, verbose_name="Find Creators & invitations")),
                ("partnerships", models.BooleanField(default=False, verbose_name="Manage Partnerships")),
                ("campaigns", models.BooleanField(default=False, verbose_name="Partner Campaigns")),
                ("insights", models.BooleanField(default=False, verbose_name="Insights")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("partner", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="team_roles", to="accounts.partner")),
            ],
            options={"ordering": ["name"]},
        ),
        # Unique once 0008 has given every row its own code.
        migrations.AddField(
            model_name="membership",
            name="code",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.AddField(
            model_name="membership",
            name="is_main",
            field=models.BooleanField(default=False, verbose_name="main account"),
        ),
        migrations.AddField(
            model_name="membership",
            name="team_role",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="members", to="accounts.teamrole"),
        ),
        migrations.AddField(
            model_name="membership",
            name="invited_by",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name="membership",
            name="invited_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="membership",
            name="invitation_nonce",
            field=models.CharField(blank=True, editable=False, max_length=32),
        ),
        migrations.AddField(
            model_name="membership",
            name="activated_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="membership",
            name="deactivated_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
