"""Every bulk invite job becomes an outreach with the same code, terms, status and counters;
its creators become the outreach's rows: those it had processed as sent (with the invitation
it sent them, found by agency, creator, sender and the job's time span) or skipped (already invited), the rest
queued, so an unfinished job carries on as an outreach within the daily quota. Creators gone
from the directory since have no row (their count stays in `skipped`)."""

from django.db import migrations


def jobs_become_outreaches(apps, schema_editor):
    BulkInviteJob = apps.get_model("creators", "BulkInviteJob")
    Outreach = apps.get_model("creators", "Outreach")
    OutreachCreator = apps.get_model("creators", "OutreachCreator")
    Creator = apps.get_model("creators", "Creator")
    Invitation = apps.get_model("creators", "Invitation")
    for job in BulkInviteJob.objects.order_by("pk").iterator():
        done = job.status == "done"
        outreach = Outreach.objects.create(
            code=job.code,
            partner_id=job.partner_id,
            created_by_id=job.created_by_id,
            purpose=job.purpose,
            message=job.message,
            contact_whatsapp=job.contact_whatsapp,
            contact_email=job.contact_email,
            contact_phone=job.contact_phone,
            attach_profile=job.attach_profile,
            status="finished" if done else "active",
            total=job.total,
            sent=job.invited,
            skipped=job.skipped + job.failed,
            created_at=job.created_at,
            updated_at=job.updated_at,
            finished_at=job.finished_at,
            idempotency_key=job.idempotency_key,
        )
        ids = list(dict.fromkeys(job.creator_ids))
        existing = set(Creator.objects.filter(pk__in=ids).values_list("pk", flat=True))
        processed = set(ids[: job.processed])
        sent = dict(
            Invitation.objects.filter(
                partner_id=job.partner_id,
                creator_id__in=list(processed & existing),
                created_at__gte=job.created_at,
                created_at__lte=job.finished_at or job.updated_at,
                sent_by_id=job.created_by_id,
            )
            .order_by("created_at")
            .values_list("creator_id", "pk")
        )
        rows = []
        for creator_id in ids:
            if creator_id not in existing:
                continue
            if creator_id not in processed:
                rows.append(OutreachCreator(outreach=outreach, creator_id=creator_id))
            elif creator_id in sent:
                rows.append(
                    OutreachCreator(
                        outreach=outreach,
                        creator_id=creator_id,
                        status="sent",
                        invitation_id=sent[creator_id],
                    )
                )
            else:
                rows.append(
                    OutreachCreator(
                        outreach=outreach,
                        creator_id=creator_id,
                        status="skipped",
                        skip_reason="invited",
                    )
                )
        OutreachCreator.objects.bulk_create(rows, batch_size=5000)


class Migration(migrations.Migration):

    dependencies = [
        ("creators", "0010_outreach"),
    ]

    operations = [
        migrations.RunPython(jobs_become_outreaches, migrations.RunPython.noop),
        migrations.RemoveIndex(
            model_name='bulkinvitejob',
            name='creators_bulkjob_unfinished',
        ),
        migrations.RemoveConstraint(
            model_name='bulkinvitejob',
            name='creators_bulkinvitejob_processed_le_total',
        ),
        migrations.RemoveConstraint(
            model_name='bulkinvitejob',
            name='creators_bulkinvitejob_commission_range',
        ),
        migrations.RemoveConstraint(
            model_name='bulkinvitejob',
            name='creators_bulkinvitejob_one_per_submit',
        ),
        migrations.RemoveField(
            model_name='bulkinvitejob',
            name='created_by',
        ),
        migrations.RemoveField(
            model_name='bulkinvitejob',
            name='partner',
        ),
        migrations.DeleteModel(
            name='BulkInviteJob',
        ),    ]
