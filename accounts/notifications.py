"""Writes for the agency's notifications: sending a notice to its staff, reading it, the e-mail
preferences, and the e-mails themselves.

Apps to the right (linking, creators…) call `notification_send` inside the transaction of the
change it reports, so a notice exists exactly when its change does. A notice is one row per
staff member: each has their own read state, and "unread for this user" is a count over a
partial index (accounts_notification_unread). E-mails go through a Celery task queued after
the commit; each row is stamped `emailed_at` in the transaction that sends it, so a retry or a
second run sends nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from partner_center.queue import enqueue_on_commit

from . import tasks
from .models import Notification, NotificationPreference, Partner, User
from .permissions import Section, may_use_condition

Kind = Notification.Kind
# Who on the team hears of each kind: those whose role grants the section it is about (the
# main account hears of everything). A kind not listed goes to the whole team.
KIND_SECTIONS = {
    Kind.TIKTOK_LINKED: Section.PROFILE,
    Kind.TIKTOK_UNLINKED: Section.PROFILE,
    Kind.UNLINK_REQUEST_APPROVED: Section.PROFILE,
    Kind.UNLINK_REQUEST_DECLINED: Section.PROFILE,
    Kind.UNLINK_REQUEST_EXPIRED: Section.PROFILE,
    Kind.INVITATION_ANSWERED: Section.FIND_CREATORS,
    Kind.BULK_INVITE_DONE: Section.FIND_CREATORS,
    Kind.OUTREACH_FINISHED: Section.FIND_CREATORS,
    Kind.BINDING_REQUEST_ANSWERED: Section.PARTNERSHIPS,
}
log = logging.getLogger(__name__)
# Kinds e-mailed to every staff member, whatever their settings: TikTok e-mails these.
ALWAYS_EMAILED = frozenset({Kind.CREATOR_UNLINK_REQUESTED})
# The sweep gives up on a notice after this long: news that old is no longer worth an e-mail.
EMAIL_SWEEP_AGE = timedelta(days=2)


def notification_send(
    *,
    partner: Partner,
    kind: str,
    text: str,
    url: str = "",
    recipients: Iterable[User] | None = None,
) -> list[Notification]:
    """Tell the agency's staff whose role covers `kind` (KIND_SECTIONS), or only those of
    `recipients`, that `text` happened; `url` is the page of this site where it can be seen. Staff who chose this kind by
    e-mail also get an e-mail, sent after the commit."""
    staff = User.objects.filter(
        Q(membership__partner=partner, is_active=True)
        & may_use_condition(KIND_SECTIONS.get(kind), prefix="membership__")
    )
    if recipients is not None:
        staff = staff.filter(pk__in=[user.pk for user in recipients])
    staff = list(staff.only("pk", "email"))
    by_email = set(
        NotificationPreference.objects.filter(user__in=staff, kind=kind, by_email=True).values_list(
            "user_id", flat=True
        )
    )
    now = timezone.now()
    with transaction.atomic():
        notices = Notification.objects.bulk_create(
            Notification(
                partner=partner,
                recipient=user,
                kind=kind,
                text=text,
                url=url,
                created_at=now,
                by_email=(user.pk in by_email or kind in ALWAYS_EMAILED) and bool(user.email),
            )
            for user in staff
        )
        mailed = [notice.pk for notice in notices if notice.by_email]
        if mailed:
            enqueue_on_commit(tasks.email_notifications, ids=mailed)
    return notices


def notification_mark_read(*, notification: Notification) -> Notification:
    """Idempotent: a notice read twice keeps the time it was first read."""
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def notifications_mark_all_read(*, user: User, partner: Partner) -> int:
    """Mark every unread notice of the user at this agency read; returns how many."""
    return Notification.objects.filter(
        recipient=user, partner=partner, read_at__isnull=True
    ).update(read_at=timezone.now())


def notification_preferences_set(*, user: User, email_kinds: Iterable[str]) -> None:
    """The kinds the user also wants by e-mail; every other kind is Partner Center only."""
    wanted = set(email_kinds)
    unknown = wanted - set(Kind.values)
    if unknown:
        raise ValueError(f"Unknown notification kinds: {sorted(unknown)}")
    with transaction.atomic():
        # Locking the user serialises two saves of the same form (two tabs) so that the
        # unique constraint is never what a user runs into.
        User.objects.select_for_update().only("pk").get(pk=user.pk)
        NotificationPreference.objects.bulk_create(
            [
                NotificationPreference(user=user, kind=kind, by_email=kind in wanted)
                for kind in Kind.values
            ],
            update_conflicts=True,
            unique_fields=["user", "kind"],
            update_fields=["by_email"],
        )


def email_kinds_for(user: User) -> set[str]:
    return set(
        NotificationPreference.objects.filter(user=user, by_email=True).values_list(
            "kind", flat=True
        )
    )


# --- E-mail -----------------------------------------------------------------------------------


def notification_emails_send(*, ids: Iterable[int] | None = None) -> int:
    """E-mail each notice whose recipient asked for it once: those of `ids`, or (the sweep)
    every one still unsent from the last EMAIL_SWEEP_DAYS. Each row is locked and stamped in
    the transaction of its own send, and a row another worker is sending right now is left to
    it. A send that fails (the SMTP server refusing) leaves that row unsent, the others are
    still sent, and the first error is raised at the end for the task to retry."""
    pending = Notification.objects.filter(by_email=True, emailed_at__isnull=True)
    if ids is None:
        pending = pending.filter(created_at__gte=timezone.now() - EMAIL_SWEEP_AGE)
    else:
        pending = pending.filter(pk__in=list(ids))
    sent, errors = 0, []
    for pk in pending.order_by("pk").values_list("pk", flat=True):
        try:
            sent += _email_one(pk)
        except tasks.MAIL_ERRORS as error:
            log.warning("Notification %s not e-mailed: %r", pk, error)
            errors.append(error)
    if errors:
        raise errors[0]
    return sent


def _email_one(pk: int) -> int:
    with transaction.atomic():
        notice = (
            Notification.objects.select_for_update(of=("self",), skip_locked=True)
            .select_related("partner", "recipient")
            .filter(pk=pk, emailed_at__isnull=True)
            .first()
        )
        if notice is None:
            return 0
        mailers.default.send_messages([_email_for(notice)])
        Notification.objects.filter(pk=pk).update(emailed_at=timezone.now())
    return 1


def _email_for(notice: Notification) -> EmailMessage:
    subject = f"{notice.get_kind_display()} · {notice.partner}"
    lines = [f"Hi {notice.recipient.get_short_name() or notice.recipient},", "", notice.text, ""]
    if notice.url:
        lines += [f"Open it in Partner Center: {settings.SITE_URL}{notice.url}", ""]
    if notice.kind in ALWAYS_EMAILED:
        lines += ["Every member of your agency gets this e-mail."]
        return EmailMessage(subject, "\n".join(lines), None, [notice.recipient.email])
    lines += [
        f"You get this e-mail because you asked for “{notice.get_kind_display()}” by e-mail.",
        f"Change that here: {settings.SITE_URL}{reverse('accounts:notification_settings')}",
    ]
    return EmailMessage(subject, "\n".join(lines), None, [notice.recipient.email])
