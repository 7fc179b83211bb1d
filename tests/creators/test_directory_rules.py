"""Fast growing, for one creator and as a query, at its boundary."""

from __future__ import annotations

from decimal import Decimal

import pytest

from creators import directory_rules
from creators.models import Creator
from tests import factories

pytestmark = pytest.mark.django_db
THRESHOLD = directory_rules.FAST_GROWING_PERCENT


@pytest.mark.parametrize(
    ("growth", "fast"),
    [
        (THRESHOLD - Decimal("0.01"), False),
        (THRESHOLD, True),
        (THRESHOLD + Decimal("0.01"), True),
        (Decimal("-5"), False),
    ],
)
def test_the_rule_and_its_query_agree_at_the_boundary(growth, fast):
    creator = factories.CreatorFactory(followers_growth_30d=growth)
    creator.refresh_from_db()
    assert creator.fast_growing is fast
    query = Creator.objects.filter(directory_rules.fast_growing_condition())
    assert query.filter(pk=creator.pk).exists() is fast
