"""A session's device in words a person recognises ("Chrome on Linux") from its stored user agent.

A small table of the browsers and systems a school sees, not a general parser: the first rule that
matches wins, so the browsers that also say "Chrome" or "Safari" (Edge, Opera, Samsung Internet)
come before them. Anything else is "Unknown browser", with its system when that is known.
"""

from __future__ import annotations

import re

UNKNOWN_BROWSER = "Unknown browser"

Rules = tuple[tuple[re.Pattern[str], str], ...]


def _rules(*rules: tuple[str, str]) -> Rules:
    """(pattern, name) pairs, compiled, in their order."""
    return tuple((re.compile(pattern), name) for pattern, name in rules)


# (pattern, browser), in order: Edge, Opera and Samsung Internet also say "Chrome" and "Safari";
# Chrome also says "Safari"; Chrome and Firefox on iOS say "Safari" and "Version/".
_BROWSERS = _rules(
    (r"\bEdg(?:e|A|iOS)?/", "Edge"),
    (r"\b(?:OPR|OPiOS|Opera)/", "Opera"),
    (r"\bSamsungBrowser/", "Samsung Internet"),
    (r"\b(?:Firefox|FxiOS)/", "Firefox"),
    (r"\b(?:HeadlessChrome|Chrome|CriOS|Chromium)/", "Chrome"),
    (r"\bVersion/[\d.]+.*\bSafari/", "Safari"),
    (r"\bcurl/", "curl"),
    (r"\bpython-(?:httpx|requests)/|\bpython-urllib", "a Python program"),
)

# (pattern, system), in order: Android and ChromeOS also say "Linux"; iPhone and iPad say "Mac OS X".
_SYSTEMS = _rules(
    (r"\bAndroid\b", "Android"),
    (r"\biPhone\b", "iPhone"),
    (r"\biPad\b", "iPad"),
    (r"\bCrOS\b", "ChromeOS"),
    (r"\bWindows (?:NT|Phone)\b|\bWin64\b", "Windows"),
    (r"\bMacintosh\b|\bMac OS X\b", "macOS"),
    (r"\bLinux\b|\bX11\b", "Linux"),
)


def _first(rules: Rules, user_agent: str) -> str | None:
    return next((name for pattern, name in rules if pattern.search(user_agent)), None)


def device_label(user_agent: str | None) -> str:
    """ "Chrome on Linux", "Safari on iPhone", "Firefox", "Unknown browser on Windows", or
    "Unknown browser" when the user agent is missing or says nothing we know."""
    if not user_agent or not user_agent.strip():
        return UNKNOWN_BROWSER
    browser = _first(_BROWSERS, user_agent) or UNKNOWN_BROWSER
    system = _first(_SYSTEMS, user_agent)
    return f"{browser} on {system}" if system else browser
