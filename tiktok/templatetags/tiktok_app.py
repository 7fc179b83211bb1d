"""The simulated TikTok app's chrome: its bottom tab bar, the back link of screens below a tab,
and figures written as the app writes them (128.4K)."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.shortcuts import resolve_url
from django.urls import reverse

register = template.Library()

# label, the tab's own screen, the screens reached from it (by the start of their path)
TABS = [
    ("Home", "tiktok:home", []),
    ("Inbox", "tiktok:inbox", ["tiktok:inbox"]),
    ("Profile", "tiktok:me", ["tiktok:me", "tiktok:settings"]),
]


@dataclass(frozen=True)
class Tab:
    label: str
    url: str
    icon: str
    current: str  # aria-current: "page" on the tab's own screen, "true" below it, else ""


@dataclass(frozen=True)
class TabBar:
    tabs: list[Tab]

    @property
    def on_a_tab(self) -> bool:
        """Whether this screen is a tab's own, which needs no back link."""
        return any(tab.current == "page" for tab in self.tabs)


@register.simple_tag(takes_context=True)
def tiktok_tab_bar(context: template.Context) -> TabBar:
    path = context["request"].path
    tabs = []
    for label, name, sections in TABS:
        url = reverse(name)
        below = any(path.startswith(reverse(section)) for section in sections)
        current = "page" if path == url else "true" if below else ""
        tabs.append(Tab(label, url, f"img/tiktok/{label.lower()}.svg", current))
    return TabBar(tabs)


@register.inclusion_tag("tiktok/_back.html")
def back_to(to: str, label: str) -> dict[str, str]:
    """The header's back link to `to`, a URL name or a URL, read "Back to <label>"."""
    return {"href": resolve_url(to), "label": label}


@register.filter
def tiktok_count(number: int) -> str:
    """9,860 · 128.4K · 2.3M · 1.2B: cut to one decimal, never rounded up, as the app does."""
    for unit, size in (("B", 10**9), ("M", 10**6), ("K", 10**3)):
        if number >= size and (unit != "K" or number >= 10_000):
            tenths = number * 10 // size
            whole, tenth = divmod(tenths, 10)
            return f"{whole}.{tenth}{unit}" if tenth else f"{whole}{unit}"
    return f"{number:,}"
