"""A link session's QR codes become `LinkToken` rows (one current, replaced on rotation); the
session's own token hash moves there, so codes open at the upgrade still scan. Sessions that a
new session superseded, stored until now as cancelled beside a "superseded" event, become
`superseded`, so their pages read "Replaced by a newer QR code". New statuses: rejected and
superseded; a new event: rejected."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def move_token_hashes(apps, schema_editor):
    LinkSession = apps.get_model("linking", "LinkSession")
    LinkToken = apps.get_model("linking", "LinkToken")
    # No seed: these tokens were random, so no page can draw them again; they still scan.
    LinkToken.objects.bulk_create(
        LinkToken(session_id=pk, token_hash=token_hash, created_at=created_at)
        for pk, token_hash, created_at in LinkSession.objects.values_list(
            "pk", "token_hash", "created_at"
        ).iterator()
    )


def move_token_hashes_back(apps, schema_editor):
    LinkSession = apps.get_model("linking", "LinkSession")
    LinkToken = apps.get_model("linking", "LinkToken")
    for session in LinkSession.objects.iterator():
        token = LinkToken.objects.filter(session=session).order_by("-created_at").first()
        session.token_hash = token.token_hash if token else f"none-{session.pk}"
        session.save(update_fields=["token_hash"])


def mark_superseded(apps, schema_editor):
    LinkSession = apps.get_model("linking", "LinkSession")
    LinkEvent = apps.get_model("linking", "LinkEvent")
    superseded = LinkEvent.objects.filter(event="superseded").values("session_id")
    LinkSession.objects.filter(status="cancelled", pk__in=superseded).update(status="superseded")


def unmark_superseded(apps, schema_editor):
    LinkSession = apps.get_model("linking", "LinkSession")
    LinkSession.objects.filter(status="superseded").update(status="cancelled")
    LinkSession.objects.filter(status="rejected").update(status="cancelled")


class Migration(migrations.Migration):

    dependencies = [
        ('linking', '0004_linksession_origin'),
    ]

    operations = [
        migrations.CreateModel(
            name='LinkToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('seed', models.CharField(blank=True, max_length=64)),
                ('token_hash', models.CharField(max_length=64, unique=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('replaced_at', models.DateTimeField(blank=True, null=True)),
                ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tokens', to='linking.linksession')),
            ],
            options={
                'constraints': [models.UniqueConstraint(condition=models.Q(('replaced_at__isnull', True)), fields=('session',), name='linking_linktoken_one_current_per_session', violation_error_message='A link session shows one QR code at a time.')],
            },
        ),
        # Nullable first, so that going back can add the column to existing rows and refill it.
        migrations.AlterField(
            model_name='linksession',
            name='token_hash',
            field=models.CharField(max_length=64, null=True, unique=True),
        ),
        migrations.RunPython(move_token_hashes, move_token_hashes_back),
        migrations.RemoveField(
            model_name='linksession',
            name='token_hash',
        ),
        migrations.AlterField(
            model_name='linkevent',
            name='event',
            field=models.CharField(choices=[('linked', 'Linked'), ('failed', 'Failed attempt'), ('cancelled', 'Cancelled'), ('rejected', 'Scan rejected by the agency'), ('superseded', 'Superseded by a new session'), ('unlinked', 'Unlinked')], max_length=12),
        ),
        migrations.AlterField(
            model_name='linksession',
            name='status',
            field=models.CharField(choices=[('pending', 'Waiting for scan'), ('scanned', 'Scanned, waiting for confirmation'), ('linked', 'Linked'), ('cancelled', 'Cancelled'), ('rejected', 'Rejected by the agency'), ('failed', 'Failed'), ('expired', 'Expired'), ('superseded', 'Replaced by a newer QR code')], default='pending', max_length=10),
        ),
        migrations.RunPython(mark_superseded, unmark_superseded),
    ]
