"""Foreign keys to TikTokAccount follow it to `tiktok`: the same table, so nothing changes in
the database."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('linking', '0002_link_figures'),
        ('tiktok', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='linkevent',
                    name='tiktok_account',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='tiktok.tiktokaccount'),
                ),
                migrations.AlterField(
                    model_name='linksession',
                    name='tiktok_account',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='tiktok.tiktokaccount'),
                ),
                migrations.AlterField(
                    model_name='tiktoklink',
                    name='tiktok_account',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='partner_link', to='tiktok.tiktokaccount'),
                ),
            ],
            database_operations=[],
        ),
    ]
