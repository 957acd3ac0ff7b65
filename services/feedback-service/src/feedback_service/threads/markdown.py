"""Safe rich text for messages: a small Markdown subset (paragraphs, line breaks, bold, italic,
links, lists, inline code and code blocks) rendered with markdown-it-py, then sanitised with nh3.

Raw HTML in the source is never passed through: markdown-it escapes it as text, and nh3 keeps
only the tags and attributes below whatever the renderer produced. Links go to http, https or
mailto only, and carry rel="nofollow noopener noreferrer"."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

SCHEMES = frozenset({"http", "https", "mailto"})
TAGS = frozenset({"p", "br", "strong", "em", "a", "ul", "ol", "li", "code", "pre"})
ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
LINK_REL = "nofollow noopener noreferrer"


def _allowed_link(url: str) -> bool:
    scheme, colon, _ = url.partition(":")
    return bool(colon) and scheme.strip().lower() in SCHEMES


def _parser() -> MarkdownIt:
    md = MarkdownIt("zero", {"html": False, "breaks": True, "linkify": False})
    md.enable(["emphasis", "link", "list", "backticks", "fence", "code", "newline", "escape"])
    # A link to anything else (javascript:, data:, a relative path) stays literal text.
    md.validateLink = _allowed_link  # type: ignore[method-assign]
    return md


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    """Only the attributes named above (the sanitiser's defaults add `title` and `lang`), and
    an href only to an allowed scheme."""
    if tag == "a" and name == "rel":
        return LINK_REL
    if name not in ATTRIBUTES.get(tag, ()):
        return None
    if name == "href" and not _allowed_link(value):
        return None
    return value


_MD = _parser()


def render(source: str) -> str:
    """The sanitised HTML of a message's Markdown source."""
    html = _MD.render(source)
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(SCHEMES),
        link_rel=LINK_REL,
        attribute_filter=_keep_attribute,
        strip_comments=True,
    ).strip()
