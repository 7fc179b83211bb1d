"""TikTokAccount moves here from `accounts`: in the state only, since its table
(accounts_tiktokaccount), its rows and its constraint stay exactly as they are."""

import django.core.validators
import django.db.models.functions.text
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='TikTokAccount',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('handle', models.CharField(max_length=24, validators=[django.core.validators.RegexValidator('^[A-Za-z0-9_.]{2,24}(?<!\\.)$', 'Use 2–24 letters, numbers, underscores or periods, not ending with a period.')])),
                        ('display_name', models.CharField(max_length=30)),
                        ('avatar', models.ImageField(blank=True, upload_to='avatars/')),
                        ('bio', models.CharField(blank=True, max_length=80)),
                        ('birth_date', models.DateField()),
                        ('status', models.CharField(choices=[('active', 'Active'), ('suspended', 'Suspended')], default='active', max_length=10)),
                        ('violation_count', models.PositiveIntegerField(default=0)),
                        ('account_type', models.CharField(choices=[('personal', 'Personal account'), ('business', 'Registered business account')], default='personal', max_length=10)),
                        ('affiliation', models.CharField(blank=True, choices=[('', 'None'), ('other_agency', 'Linked with another agency'), ('creator_network', 'In the Creator Network')], default='', max_length=20)),
                        ('followers', models.PositiveBigIntegerField(default=0)),
                        ('following', models.PositiveBigIntegerField(default=0)),
                        ('likes', models.PositiveBigIntegerField(default=0)),
                        ('password', models.CharField(blank=True, max_length=128)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                    ],
                    options={
                        'verbose_name': 'TikTok account',
                        'db_table': 'accounts_tiktokaccount',
                        'constraints': [models.UniqueConstraint(django.db.models.functions.text.Lower('handle'), name='accounts_tiktokaccount_handle_ci_unique', violation_error_message='That TikTok handle is taken.')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
