"""The foreign key to TikTokAccount follows it to `tiktok`: the same table, so nothing changes
in the database."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('creators', '0005_directory_category_market'),
        ('tiktok', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='creator',
                    name='tiktok_account',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='creator', to='tiktok.tiktokaccount'),
                ),
            ],
            database_operations=[],
        ),
    ]
