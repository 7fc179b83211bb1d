"""The rollup behind Insights: a partner's invitations, link requests and extension requests
counted per day sent, and per week once all seven of its days are in, for days that are *final*.

A day is final when nothing sent on it or before can still be answered: everything sent then
was answered, cancelled or has expired, so its counts can never change again. The rollup
holds final days only, written by `services.days_roll_up` (the beat task
`insights.tasks.rollup_days`), and `RollupProgress` says up to which day. The page reads the
rollup up to that day (a whole week's row where it can: one row instead of seven) and the items
themselves after it, so its figures are the same whether or not the task has run; only slower
while it is behind.

Each day is counted by the creator's market and category as they stood when the day was
rolled up (they change only in the admin), and stays counted if the creator is deleted later.
"""

from __future__ import annotations

from django.db import models

from accounts.models import Market, Partner
from creators.models import Category


class Kind(models.TextChoices):
    INVITATIONS = "invitations", "Invitations"
    BINDING_REQUESTS = "binding_requests", "Binding requests"
    EXTENSIONS = "extensions", "Extension requests"


class Span(models.IntegerChoices):
    DAY = 1, "The day"
    WEEK = 7, "The week (Monday to Sunday) that starts on the day"


class OutcomeCounts(models.Model):
    """How one partner's items of one kind sent in one span (a UTC day, or the week starting
    on it), to creators of one market and category, with or without the profile, ended."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    day = models.DateField()
    days = models.PositiveSmallIntegerField(choices=Span.choices, default=Span.DAY)
    market = models.CharField(max_length=2, choices=Market.choices)
    category = models.CharField(max_length=10, choices=Category.choices)
    attach_profile = models.BooleanField()
    accepted = models.PositiveIntegerField(default=0)
    declined = models.PositiveIntegerField(default=0)
    expired = models.PositiveIntegerField(default=0)
    cancelled = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "kind", "days", "day", "market", "category", "attach_profile"],
                name="insights_outcome_counts_one_row",
                violation_error_message="That day is already rolled up for this group.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner_id} {self.kind} {self.days}d from {self.day} {self.market} {self.category}"


class AnswerTimes(models.Model):
    """How long creators took to answer one partner's items of one kind sent in one span (as
    OutcomeCounts), to creators of one market, with or without the profile: `hours[h]` were answered
    after h hours (rounded to the nearest hour). No category: the page does not split time
    to answer by category, and leaving it out keeps these rows few."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    day = models.DateField()
    days = models.PositiveSmallIntegerField(choices=Span.choices, default=Span.DAY)
    market = models.CharField(max_length=2, choices=Market.choices)
    attach_profile = models.BooleanField()
    hours = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "kind", "days", "day", "market", "attach_profile"],
                name="insights_answer_times_one_row",
                violation_error_message="That day's answer times are already rolled up.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner_id} {self.kind} {self.days}d from {self.day} {self.market}"


class RollupProgress(models.Model):
    """The last day of one kind rolled up, for every partner: every day up to `through` is in
    the rollup, and nothing after it."""

    kind = models.CharField(max_length=20, choices=Kind.choices)
    through = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                name="insights_rollup_progress_one_per_kind",
                violation_error_message="This kind already has its progress.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} through {self.through}"
