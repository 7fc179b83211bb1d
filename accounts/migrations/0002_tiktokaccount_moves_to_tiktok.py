"""TikTokAccount now belongs to `tiktok` (tiktok.0001): forget it here, in the state only.
The table, its rows and its constraint are tiktok's now."""

from django.db import migrations


def content_type_follows(apps, schema_editor):
    """Permissions and admin history name the model by its content type: keep them."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="accounts", model="tiktokaccount").update(
        app_label="tiktok"
    )


def content_type_returns(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="tiktok", model="tiktokaccount").update(
        app_label="accounts"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('creators', '0006_tiktokaccount_moves_to_tiktok'),
        ('linking', '0003_tiktokaccount_moves_to_tiktok'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveConstraint(
                    model_name='tiktokaccount',
                    name='accounts_tiktokaccount_handle_ci_unique',
                ),
                migrations.DeleteModel(
                    name='TikTokAccount',
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_follows, content_type_returns),
    ]
