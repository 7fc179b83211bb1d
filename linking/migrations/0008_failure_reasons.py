"""A link session stores every requirement its Connect Now failed, not one reason, and the two
combined reasons are split.

An old "not in good standing" said only that the account was suspended or had violations, and
an old "affiliated" that it was linked with another agency, in the Creator Network or linked
to another Partner Center account. Each becomes the parts that the scanning account still
shows; when it shows none of them (it was reinstated or unlinked since, or is gone), all of
the parts, since the old record said one of them failed and not which. The audit trail keeps
the words it was written with.
"""

from __future__ import annotations

from django.db import migrations, models

SPLIT = {
    "not_in_good_standing": ["suspended", "violation_history"],
    "affiliated": ["other_agency", "creator_network", "linked_elsewhere"],
}
# The order in which the old check stopped at the first failure, for going back.
OLD_ORDER = [
    "partner_already_linked",
    "under_18",
    "not_in_good_standing",
    "affiliated",
    "business_account",
]
OLD_FOR_NEW = {new: old for old, parts in SPLIT.items() for new in parts}


def _still_shown(session, TikTokLink) -> set[str]:
    account = session.tiktok_account
    if account is None:
        return set()
    shown = set()
    if account.status != "active":
        shown.add("suspended")
    if account.violation_count > 0:
        shown.add("violation_history")
    if account.affiliation == "other_agency":
        shown.add("other_agency")
    if account.affiliation == "creator_network":
        shown.add("creator_network")
    if TikTokLink.objects.filter(tiktok_account=account).exclude(partner=session.partner_id).exists():
        shown.add("linked_elsewhere")
    return shown


def split_reasons(apps, schema_editor):
    LinkSession = apps.get_model("linking", "LinkSession")
    TikTokLink = apps.get_model("linking", "TikTokLink")
    sessions = LinkSession.objects.exclude(failure_reason="").select_related("tiktok_account")
    for session in sessions.iterator():
        parts = SPLIT.get(session.failure_reason)
        if parts is None:
            session.failure_reasons = [session.failure_reason]
        else:
            shown = _still_shown(session, TikTokLink)
            session.failure_reasons = [part for part in parts if part in shown] or parts
        session.save(update_fields=["failure_reasons"])


def join_reasons(apps, schema_editor):
    """Back to one reason each: the one the old check would have stopped at."""
    LinkSession = apps.get_model("linking", "LinkSession")
    for session in LinkSession.objects.exclude(failure_reasons=[]).iterator():
        old = {OLD_FOR_NEW.get(reason, reason) for reason in session.failure_reasons}
        session.failure_reason = next(reason for reason in OLD_ORDER if reason in old)
        session.save(update_fields=["failure_reason"])


class Migration(migrations.Migration):
    dependencies = [
        ("linking", "0007_account_managers_answer_unlink_requests"),
    ]

    operations = [
        migrations.AddField(
            model_name="linksession",
            name="failure_reasons",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(split_reasons, join_reasons, elidable=False),
        migrations.RemoveField(
            model_name="linksession",
            name="failure_reason",
        ),
        migrations.AddConstraint(
            model_name="linksession",
            constraint=models.CheckConstraint(
                condition=models.Q(("failure_reasons", []), ("status", "failed"), _negated=True),
                name="linking_linksession_failed_says_why",
                violation_error_message="A failed link session names what it failed.",
            ),
        ),
    ]
