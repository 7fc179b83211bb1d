"""Text that ends up in an e-mail header (a subject, a From or To name) must be one line.

A line break in a header is either refused by Python's mailer (a ValueError that loses the
whole batch of messages) or, with a lax one, a header injection ("\\r\\nBcc: …"). So names
and other header-bound fields refuse line breaks and control characters in forms and in the
database, and where a subject or a display name is built, `header_safe` makes it one line.
"""

from __future__ import annotations

import re

from django.core.validators import RegexValidator
from django.db.models import Q

# C0 and C1 control characters (CR, LF, tab, NEL…), DEL, and the Unicode line and paragraph
# separators. Written with escapes so that the same pattern means the same thing to Python's
# `re` (SQLite's REGEXP, the validator) and to PostgreSQL's `~`.
UNSAFE_PATTERN = r"[\x00-\x1f\x7f-\x9f\u2028\u2029]"
UNSAFE_MESSAGE = "Use one line, without line breaks, tabs or control characters."

single_line_validator = RegexValidator(
    UNSAFE_PATTERN, UNSAFE_MESSAGE, code="not_single_line", inverse_match=True
)

_UNSAFE_RUN = re.compile(rf"(?:\s|{UNSAFE_PATTERN})+")


def single_line(field: str) -> Q:
    """A CheckConstraint condition: `field` holds no line break or control character."""
    return ~Q(**{f"{field}__regex": UNSAFE_PATTERN})


def header_safe(text: object) -> str:
    """`text` as one header-safe line: every run of whitespace or control characters becomes
    one space, and the ends are trimmed."""
    return _UNSAFE_RUN.sub(" ", str(text)).strip()
