"""The Markdown subset of messages, rendered and sanitised: what it keeps, what stays text."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from feedback_service.threads.markdown import render

REL = 'rel="nofollow noopener noreferrer"'


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("plain", "<p>plain</p>"),
        (
            "**bold** and _italic_ and *also*",
            "<p><strong>bold</strong> and <em>italic</em> and <em>also</em></p>",
        ),
        ("one\ntwo\n\nthree", "<p>one<br>\ntwo</p>\n<p>three</p>"),
        ("- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
        ("3. c\n4. d", '<ol start="3">\n<li>c</li>\n<li>d</li>\n</ol>'),
        ("`x < y`", "<p><code>x &lt; y</code></p>"),
        ("```js\n<b>x</b>\n```", "<pre><code>&lt;b&gt;x&lt;/b&gt;\n</code></pre>"),
        ("[site](https://x.test/a?b=1)", f'<p><a href="https://x.test/a?b=1" {REL}>site</a></p>'),
        ("[mail](mailto:a@x.test)", f'<p><a href="mailto:a@x.test" {REL}>mail</a></p>'),
        ('[t](https://x.test "title")', f'<p><a href="https://x.test" {REL}>t</a></p>'),
        (
            "![no image](https://x.test/a.png)",
            f'<p>!<a href="https://x.test/a.png" {REL}>no image</a></p>',
        ),
        ("# not a heading", "<p># not a heading</p>"),
        ("> not a quote", "<p>&gt; not a quote</p>"),
    ],
)
def test_the_subset(source: str, html: str) -> None:
    assert render(source) == html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](vbscript:msgbox)",
        "[x](/relative/path)",
        '<a href="https://x.test" onclick="alert(1)">x</a>',
        "<iframe src=https://x.test></iframe>",
        "<style>body{}</style>",
        "<!-- comment -->",
    ],
)
def test_hostile_input_renders_no_element_but_text(source: str) -> None:
    elements = Elements()
    elements.feed(render(source))
    assert elements.found == [("p", [])], elements.found  # one paragraph of text, nothing else


class Elements(HTMLParser):
    """Every element of a fragment with its attributes (text and escaped markup are not)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))

    def handle_comment(self, data: str) -> None:
        self.found.append(("!--", [("text", data)]))
