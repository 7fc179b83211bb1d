"""The browser and operating system a user agent string names, in words a person recognises
("Chrome on Windows"), for telling an account holder where a link session was started.

A short ordered list rather than a parser library: only the browsers people use, and anything
else reads as what it is, an unknown browser. Order matters because user agents borrow each
other's names (Edge and Opera say "Chrome", Chrome says "Safari")."""

from __future__ import annotations

import re

BROWSERS = [
    ("Edge", r"\bEdg(?:e|A|iOS)?/"),
    ("Opera", r"\b(?:OPR|Opera)/"),
    ("Samsung Internet", r"\bSamsungBrowser/"),
    ("Firefox", r"\b(?:Firefox|FxiOS)/"),
    ("Chrome", r"\b(?:HeadlessChrome|Chrome|CriOS)/"),
    ("Chromium", r"\bChromium/"),
    ("Safari", r"\bVersion/[\d.]+.*\bSafari/"),
]
SYSTEMS = [
    ("iOS", r"\b(?:iPhone|iPad|iPod)\b"),
    ("Android", r"\bAndroid\b"),
    ("ChromeOS", r"\bCrOS\b"),
    ("Windows", r"\bWindows\b"),
    ("macOS", r"\bMac OS X\b|\bMacintosh\b"),
    ("Linux", r"\bLinux\b|\bX11\b"),
]


def describe(user_agent: str) -> str:
    """ "Chrome on Windows", "Safari on iOS", "Firefox", "an unknown browser"."""
    browser = _first(BROWSERS, user_agent)
    system = _first(SYSTEMS, user_agent)
    if browser and system:
        return f"{browser} on {system}"
    if browser or system:
        return browser or f"a browser on {system}"
    return "an unknown browser"


def _first(patterns: list[tuple[str, str]], user_agent: str) -> str:
    return next((name for name, pattern in patterns if re.search(pattern, user_agent)), "")
