"""What every admin page of ours shares: filters that answer 400 rather than 500, 404 for an
object that is not there or not yours, and account managers scoped to the partners they manage.

Every ModelAdmin and inline of the project derives from `GuardedAdmin`, `ManagedPartnersAdmin`
or `GuardedInline` (tests/hardening/test_fuzz_forms.py checks that no registered admin escapes).
This module knows no app: a scoped admin names the lookup from its model to the partner's
account manager.
"""

from __future__ import annotations

from datetime import MAXYEAR, MINYEAR, date

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.template.response import TemplateResponse

# Django's date hierarchy also builds the end of the period it shows (the next day, month or
# year), so the last year it can show is one before the last year Python can.
LAST_YEAR = MAXYEAR - 1
# Far longer than any real search, and far shorter than the 50,000 bytes SQLite refuses in a
# LIKE pattern (with a 500, as "LIKE or GLOB pattern too complex").
SEARCH_MAX_LENGTH = 1000


OUT_OF_RANGE = "A filter in the address has a value out of range for this list."


class InvalidFilter(Exception):
    """A list filter in the address that this list cannot use; the message says why.

    Deliberately not an IncorrectLookupParameters: the admin turns that into a redirect that
    drops every filter without a word, and this answers 400 with the reason instead."""


class GuardedChangeList(ChangeList):
    """Django's change list, refusing filter values it would otherwise fail on with a 500."""

    def get_queryset(self, request, exclude_parameters=None):
        self.check_date_hierarchy()
        if len(self.query) > SEARCH_MAX_LENGTH:
            raise InvalidFilter(f"A search is at most {SEARCH_MAX_LENGTH:,} characters.")
        try:
            return super().get_queryset(request, exclude_parameters)
        except IncorrectLookupParameters as error:
            raise InvalidFilter(_reason(error)) from error

    def get_results(self, request):
        # Some values pass `filter()` and fail only when the SQL is built or run: a year of 0 or
        # of 20 digits for `__year`, an id too large for SQLite's integers.
        try:
            super().get_results(request)
        except (ValueError, OverflowError) as error:
            raise InvalidFilter(OUT_OF_RANGE) from error

    def check_date_hierarchy(self) -> None:
        """The year, month and day of the date hierarchy make a date that has a next period."""
        if not self.date_hierarchy:
            return
        parts = {}
        for part in ("year", "month", "day"):
            values = self.filter_params.get(f"{self.date_hierarchy}__{part}")
            if values:
                parts[part] = values[-1]
        if "year" not in parts:
            return  # not the hierarchy: ordinary lookups, checked as any other
        try:
            numbers = {part: int(value) for part, value in parts.items()}
        except ValueError:
            raise InvalidFilter("The year, month and day must be whole numbers.") from None
        if not MINYEAR <= numbers["year"] <= LAST_YEAR:
            raise InvalidFilter(f"The year must be from {MINYEAR} to {LAST_YEAR}.")
        try:
            date(numbers["year"], numbers.get("month", 1), numbers.get("day", 1))
        except (ValueError, OverflowError):  # a month past C's int is an OverflowError
            raise InvalidFilter("There is no such month or day.") from None


def _reason(error: IncorrectLookupParameters) -> str:
    detail = error.args[0] if error.args else None
    messages = getattr(detail, "messages", None)  # a ValidationError's, in the user's words
    if messages:
        return " ".join(messages)
    return "A filter in the address is not one this list understands."


class ScopedChoicesMixin:
    """Foreign-key and many-to-many choices are what the user may see in that model's admin,
    so a form never offers (or accepts, by raw id) another partner's objects."""

    def get_field_queryset(self, db, db_field, request):
        queryset = super().get_field_queryset(db, db_field, request)
        model = db_field.remote_field.model
        if request.user.is_superuser or not self.admin_site.is_registered(model):
            return queryset
        visible = self.admin_site.get_model_admin(model).get_queryset(request)
        if queryset is None:
            return visible.using(db)
        return queryset.filter(pk__in=visible.values("pk"))


class GuardedAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    """The base of every ModelAdmin of ours."""

    def get_changelist(self, request, **kwargs):
        return GuardedChangeList

    def changelist_view(self, request, extra_context=None):
        try:
            response = super().changelist_view(request, extra_context)
            # The filters' facet counts are queried while the page renders, each without its
            # own filter: a value that emptied the list (an id past the integers) hid another
            # that cannot be compiled (a year of 0) until then.
            if isinstance(response, TemplateResponse):
                try:
                    response.render()
                except (ValueError, OverflowError) as error:
                    raise InvalidFilter(OUT_OF_RANGE) from error
            return response
        except InvalidFilter as error:
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": f"Cannot filter {self.opts.verbose_name_plural} that way",
                "reason": str(error),
            }
            return TemplateResponse(request, "admin/invalid_filter.html", context, status=400)

    def get_object(self, request, object_id, from_field=None):
        """No object is a 404 for those who may see this model (it is not there, or not theirs)
        and a 403 for those who may not, on every view: Django's own answer is a redirect
        to the admin's index saying it "doesn't exist"."""
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            if not self.has_view_or_change_permission(request):
                raise PermissionDenied
            raise Http404(f"No {self.opts.verbose_name} with that ID is yours to see.")
        return obj


class ManagedPartnersAdmin(GuardedAdmin):
    """An admin of partner-owned rows: an account manager sees only those of the partners they
    manage (PRODUCT.md, "account manager"); a superuser sees everything."""

    # The lookup from this admin's model to the partner's account manager.
    account_manager_lookup = "partner__account_manager"

    def managed_by(self, user) -> Q:
        return Q(**{self.account_manager_lookup: user})

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(self.managed_by(request.user))


class GuardedInline(ScopedChoicesMixin, admin.StackedInline):
    """The base of every inline of ours."""
