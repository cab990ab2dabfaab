"""Generated comment submissions against the comment form's POST endpoint.

Hypothesis builds hundreds of submissions (thousands under `make test-deep`):
random unicode of every length, fields missing, blank, padded or repeated,
extra fields a bot might add, and timing tokens and CSRF tokens that are
broken in every way we could think of.
Whatever arrives, the answer is never a 500; a valid submission is stored
exactly once, as pending or spam; an invalid one is refused with its message
at the right field (or above the form) and nothing is stored; one without a
timing token or a sound CSRF token (the shared article page's script did not
fill them in) is shown back as typed, to be confirmed, and nothing is stored.

"Valid" is decided here, by `Expected` below, from the rules the form states
in its labels and messages; the form itself is never asked. Each example runs
in a savepoint that is rolled back, so every submission meets the same
database: hypothesis and function-scoped fixtures then get along.
"""

import logging
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.core import signing
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from comments.forms import TOKEN_MAX_AGE, TOKEN_SALT
from comments.models import Comment
from comments.rules import CLOSED_MESSAGE, DUPLICATE_MESSAGE
from tests.comment_html import field_errors, form_errors, form_values
from tests.conftest import comment_token, examples

# Reproducible in CI: the same examples every run, no example database, and
# no per-example deadline (an article page takes tens of milliseconds).
FUZZ = {
    "derandomize": True,
    "database": None,
    "deadline": None,
    "phases": [Phase.explicit, Phase.generate, Phase.shrink],
    "suppress_health_check": [HealthCheck.too_slow],
}
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"
# Matched as a whole word by the spam rule this module configures; random text
# never spells it by chance.
SPAM_WORD = "zqxvwspam"

# The form's own words, as a reader reads them.
BODY_REQUIRED = "Please write a comment."
NAME_REQUIRED = "Please enter your name."
NAME_TOO_LONG = "Names may be at most 80 characters."
EMAIL_REQUIRED = "Please enter your email address. It will not be published."
EMAIL_INVALID = "Enter a valid email address, like name@example.com."
EMAIL_TOO_LONG = "Email addresses may be at most 254 characters."
WEBSITE_INVALID = "Enter a web address starting with http:// or https://."
WEBSITE_TOO_LONG = "Web addresses may be at most 200 characters."
NULL_CHARACTERS = "Null characters are not allowed."
TAMPERED = "This form could not be checked. Please send your comment again."
EXPIRED = "This form was opened too long ago. Please send your comment again."
TOO_FAST = (
    "That was quick! Please take a moment to check your comment, then send it again."
)
PARENT_UNAVAILABLE = "The comment you are replying to is not available."
TOO_DEEP = "Replies cannot be nested this deep. Reply further up the thread."
CONFIRM = "One more step: check your comment and send it."

# Characters XML 1.0 cannot carry (the comment feed is XML): the form drops
# them, keeping tabs and line breaks.
CONTROL_CHARACTERS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f]")


# The discussion's default longest comment, counted as a browser counts the
# text in the box: a line break (sent as CRLF) is one character.
BODY_LIMIT = 10_000


def typed_length(text: str) -> int:
    return len(text.replace("\r\n", "\n"))


def body_too_long(length: int) -> str:
    return (
        f"Your comment is {length:,} characters long; the most we take is "
        f"{BODY_LIMIT:,}. Shorten it and send it again."
    )


@pytest.fixture(autouse=True)
def _quiet_refusals():
    # Every refused POST logs "Bad Request"; thousands of them only slow the
    # run down. Errors (a 500) are still logged.
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@dataclass
class Scene:
    """The articles and comments every generated submission meets."""

    article: object
    closed: object
    other: object
    parent: Comment
    deepest: Comment
    unavailable: list[int]


@pytest.fixture
def scene(make_article, discussion):
    discussion.spam_words = SPAM_WORD
    discussion.thread_depth = 2
    discussion.save()
    article = make_article(title="Open for comments", slug="open")
    closed = make_article(title="Closed", slug="closed", allow_comments=False)
    other = make_article(title="Another", slug="another")

    def comment(on, **fields):
        fields.setdefault("status", Comment.Status.APPROVED)
        # No email: a generated address must never meet these in the flood or
        # duplicate checks.
        return Comment.objects.create(
            article=on, name="Scene", email="", body="Scene comment.", **fields
        )

    parent = comment(article)
    deepest = comment(article, parent=parent, depth=2)
    unavailable = [
        comment(article, status=Comment.Status.PENDING).pk,
        comment(article, status=Comment.Status.SPAM).pk,
        comment(article, status=Comment.Status.TRASH).pk,
        comment(article, removed=True).pk,
        comment(other).pk,
    ]
    return Scene(article, closed, other, parent, deepest, unavailable)


# What the test expects ---------------------------------------------------------


@dataclass
class Expected:
    """The outcome the form's stated rules give a submission.

    `errors` maps a field to the message it must show; `form_errors` are the
    messages above the form; `stored` is what a valid submission becomes.
    `confirm`: no timing token came, so nothing is judged yet: the submission
    is shown back as typed, to be sent again. `too_long`: the body is over the
    limit, which is judged before anything else, token or none: this message
    alone, and the body not shown back.
    """

    errors: dict[str, str] = field(default_factory=dict)
    form_errors: set[str] = field(default_factory=set)
    stored: dict = field(default_factory=dict)
    spam: bool = False
    confirm: bool = False
    too_long: str | None = None

    @property
    def valid(self) -> bool:
        return (
            not self.errors
            and not self.form_errors
            and not self.confirm
            and not self.too_long
        )


def plain_text(
    raw: str | None, *, required: str, limit: int, too_long: str, lines: bool
):
    """(stored value, error) for the body or the name.

    The rules: surrounding white space does not count, the length is limited,
    a null character is refused, control characters are dropped, and in the
    body (`lines`) every line break is stored as \\n.
    """
    if raw is None or not raw.strip():
        return None, required
    value = raw.strip()
    if len(value) > limit:
        return None, too_long
    if "\x00" in value:
        return None, NULL_CHARACTERS
    if lines:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = CONTROL_CHARACTERS.sub("", value).strip()
    if not value:
        return None, required
    return value, None


# Generated fields: each strategy draws (what is sent, what it should give) ------


# Each field is drawn valid 13 times in 14, so that about two submissions in
# three are stored and the rest are refused for one reason or a few. (A
# refusal renders the form's page: it is the slow case.)
@st.composite
def mostly(draw, valid, *invalid):
    if draw(st.integers(min_value=0, max_value=13)) < 13:
        return draw(valid)
    return draw(st.one_of(*invalid))


ANY_TEXT = st.text(max_size=120)
SPACES = st.text(alphabet=" \t\r\n\u00a0\u2003\u3000", max_size=4)


@st.composite
def readable_text(draw, max_size: int):
    """Random unicode around at least one visible character, sometimes spam."""
    before = draw(st.text(max_size=max_size // 2))
    after = draw(st.text(max_size=max_size // 2))
    middle = draw(st.sampled_from(["Q", "ü", "字", "🙂", f" {SPAM_WORD} "]))
    return before + middle + after


def exact_length(length: int):
    """Text of exactly `length` characters inside the white space.

    A short random piece repeated to the length: drawing 10,000 characters one
    by one would cost more than posting them.
    """
    return st.builds(
        lambda pad, piece, pad2: (
            pad + "x" + (piece * length)[: length - 2] + "y" + pad2
        ),
        SPACES,
        st.text(alphabet="ab \u00e9\u4e2d\n", min_size=1, max_size=8),
        SPACES,
    )


BODIES = mostly(
    readable_text(max_size=400),
    st.none(),
    SPACES,
    ANY_TEXT,
    st.sampled_from([9_999, 10_000, 10_001, 12_000]).flatmap(exact_length),
    st.builds(lambda a, b: a + "\x00" + b, ANY_TEXT, ANY_TEXT),
    st.builds(lambda a: a + "\x0b\x1b\x01", ANY_TEXT),
)
NAMES = mostly(
    readable_text(max_size=60),
    st.none(),
    SPACES,
    ANY_TEXT,
    st.sampled_from([79, 80, 81, 200]).flatmap(exact_length),
    st.builds(lambda a: "Rita\x00" + a, ANY_TEXT),
    st.just("\x01\x02\x1f"),
)

LOCAL = st.from_regex(r"[a-z0-9][a-z0-9._+-]{0,20}[a-z0-9]", fullmatch=True).filter(
    lambda local: ".." not in local
)
DOMAIN = st.from_regex(r"([a-z0-9]{1,10}\.){1,2}[a-z]{2,6}", fullmatch=True)
VALID_EMAIL = st.builds(
    lambda pad, local, domain, pad2: (f"{pad}{local}@{domain}{pad2}", None),
    st.text(alphabet=" \t", max_size=2),
    LOCAL,
    st.one_of(DOMAIN, st.just("bücher.example")),
    st.text(alphabet=" \t", max_size=2),
)
EMAILS = mostly(
    VALID_EMAIL,
    st.sampled_from([(None, EMAIL_REQUIRED), ("", EMAIL_REQUIRED)]),
    st.tuples(SPACES, st.just(EMAIL_REQUIRED)),
    st.sampled_from(
        [
            "no-at-sign",
            "rita@",
            "@example.com",
            "rita@example",
            "rita reader@example.com",
            "rita@exa mple.com",
            "rita@@example.com",
            "rita@example..com",
            "rita@-example.com",
            "<rita@example.com>",
            'rita@example.com"><script>alert(1)</script>',
            "rita@example.com\x00",
            "javascript:alert(1)//@example.com",
        ]
    ).map(lambda email: (email, EMAIL_INVALID)),
    st.just(("r" * 250 + "@example.com", EMAIL_TOO_LONG)),
    st.text(
        alphabet=st.characters(exclude_characters="@"), min_size=1, max_size=40
    ).map(lambda text: (text, EMAIL_REQUIRED if not text.strip() else EMAIL_INVALID)),
)

LONG_HOST_URL = "https://" + ".".join(["a" * 40] * 4) + ".com"  # 175 characters
# (sent, stored) for valid addresses, (sent, message) for the others.
VALID_WEBSITES = [
    (None, ""),
    ("", ""),
    ("   ", ""),
    ("http://example.com", "http://example.com"),
    ("https://example.org/path?q=1&r=2#frag", "https://example.org/path?q=1&r=2#frag"),
    ("HTTPS://EXAMPLE.NET/", "HTTPS://EXAMPLE.NET/"),
    ("example.net", "https://example.net"),
    ("  https://example.com/a  ", "https://example.com/a"),
    ("https://bücher.example/", "https://bücher.example/"),
    (
        'https://example.com/"onmouseover="alert(1)',
        'https://example.com/"onmouseover="alert(1)',
    ),
    (LONG_HOST_URL, LONG_HOST_URL),
]
INVALID_WEBSITES = [
    ("javascript:alert(1)", WEBSITE_INVALID),
    ("JavaScript:alert(document.cookie)", WEBSITE_INVALID),
    ("data:text/html,<script>alert(1)</script>", WEBSITE_INVALID),
    ("vbscript:msgbox(1)", WEBSITE_INVALID),
    ("ftp://example.com/file", WEBSITE_INVALID),
    ("mailto:rita@example.com", WEBSITE_INVALID),
    ("http://", WEBSITE_INVALID),
    ("https://exa mple.com", WEBSITE_INVALID),
    ("not a web address", WEBSITE_INVALID),
    ("https://[::1", WEBSITE_INVALID),
    ("http://example.com\x00", NULL_CHARACTERS),
    ("https://example.com/" + "a" * 200, WEBSITE_TOO_LONG),
]
WEBSITES = mostly(
    st.sampled_from(VALID_WEBSITES).map(lambda pair: (*pair, None)),
    st.sampled_from(INVALID_WEBSITES).map(lambda pair: (pair[0], None, pair[1])),
)

# Token kinds: how each is made is in `make_token_value`.
TOKENS = mostly(
    st.sampled_from(["fresh", "padded"]),
    st.sampled_from(
        [
            "missing",
            "blank",
            "garbage",
            "other-article",
            "too-fast",
            "expired",
            "bad-signature",
            "not-a-dict",
            "time-not-a-number",
            "wrong-salt",
        ]
    ),
    ANY_TEXT.map(lambda text: "random:" + text),
)
PARENTS = mostly(
    st.sampled_from(["none", "blank", "parent"]),
    st.sampled_from(
        [
            "deepest",
            "unavailable",
            "missing-row",
            "zero",
            "negative",
            "huge",
            "decimal",
            "text",
        ]
    ),
)
HONEYPOTS = mostly(
    st.sampled_from([None, "", " ", "\t\n"]),
    st.text(min_size=1, max_size=30),
)
REMEMBER = st.sampled_from([None, "", "on", "1", "false", "yes"])
# Fields a bot might add: none of them may change what is stored.
EXTRA_NAMES = st.sampled_from(
    [
        "status",
        "approved",
        "user",
        "user_id",
        "ip_address",
        "article",
        "depth",
        "reason",
        "removed",
        "id",
        "csrfmiddlewaretoken",
        "email2",
        "",
    ]
)
EXTRAS = st.lists(
    st.tuples(st.one_of(EXTRA_NAMES, ANY_TEXT), ANY_TEXT), max_size=3
).filter(
    # Real field names are covered by `repeat` below.
    lambda pairs: (
        not {name for name, _ in pairs}
        & {
            "body",
            "name",
            "email",
            "website",
            "token",
            "parent",
            "honeypot",
            "remember",
        }
    )
)


def make_token_value(kind: str, scene: Scene) -> tuple[str | None, str | None]:
    """(token sent, message above the form or None) for a token kind.

    No token, or an empty one, is no refusal: the submission is shown back to
    be confirmed (`Expected.confirm`).
    """
    article = scene.article
    now = int(time.time())
    if kind == "fresh":
        return comment_token(article), None
    if kind == "padded":
        return f"  {comment_token(article)}\n", None
    if kind == "missing":
        return None, None
    if kind == "blank":
        return "   ", TAMPERED
    if kind == "garbage":
        return "not.a.token", TAMPERED
    if kind == "other-article":
        return comment_token(scene.other), TAMPERED
    if kind == "too-fast":
        return comment_token(article, age_seconds=0), TOO_FAST
    if kind == "expired":
        return comment_token(article, age_seconds=TOKEN_MAX_AGE + 60), EXPIRED
    if kind == "bad-signature":
        token = comment_token(article)
        return token[:-1] + ("A" if token[-1] != "A" else "B"), TAMPERED
    if kind == "not-a-dict":
        return signing.dumps([article.pk, now - 60], salt=TOKEN_SALT), TAMPERED
    if kind == "time-not-a-number":
        payload = {"a": article.pk, "t": "yesterday"}
        return signing.dumps(payload, salt=TOKEN_SALT), TAMPERED
    if kind == "wrong-salt":
        return signing.dumps({"a": article.pk, "t": now - 60}), TAMPERED
    # "random:<text>": anything at all. An empty one counts as missing.
    text = kind.removeprefix("random:")
    return text, TAMPERED if text else None


def make_parent_value(kind: str, scene: Scene):
    """(parent sent, parent stored, message above the form or None)."""
    if kind == "none":
        return None, None, None
    if kind == "blank":
        return "", None, None
    if kind == "parent":
        return str(scene.parent.pk), scene.parent, None
    if kind == "deepest":
        return str(scene.deepest.pk), None, TOO_DEEP
    if kind == "unavailable":
        return str(scene.unavailable[0]), None, PARENT_UNAVAILABLE
    sent = {
        "missing-row": "987654321",
        "zero": "0",
        "negative": "-4",
        "huge": "9" * 40,
        "decimal": "1.5",
        "text": "<script>",
    }[kind]
    return sent, None, PARENT_UNAVAILABLE


@dataclass
class Submission:
    pairs: list[tuple[str, str]]
    expected: Expected
    sent: dict


@st.composite
def submissions(draw, scene: Scene):
    expected = Expected()
    sent: dict[str, str | None] = {}

    sent["body"] = draw(BODIES)
    if sent["body"] is not None and typed_length(sent["body"]) > BODY_LIMIT:
        expected.too_long = body_too_long(typed_length(sent["body"]))
    body, error = plain_text(
        sent["body"], required=BODY_REQUIRED, limit=BODY_LIMIT, too_long="", lines=True
    )
    if error is not None:
        expected.errors["body"] = error
    sent["name"] = draw(NAMES)
    name, error = plain_text(
        sent["name"],
        required=NAME_REQUIRED,
        limit=80,
        too_long=NAME_TOO_LONG,
        lines=False,
    )
    if error:
        expected.errors["name"] = error

    sent["email"], error = draw(EMAILS)
    if error:
        expected.errors["email"] = error
    sent["website"], website, error = draw(WEBSITES)
    if error:
        expected.errors["website"] = error

    sent["token"], error = make_token_value(draw(TOKENS), scene)
    expected.confirm = not sent["token"]
    if error:
        expected.form_errors.add(error)
    sent["parent"], parent, error = make_parent_value(draw(PARENTS), scene)
    if error:
        expected.form_errors.add(error)

    sent["honeypot"] = draw(HONEYPOTS)
    honeypot = (sent["honeypot"] or "").strip()
    if "\x00" in honeypot:
        expected.errors["honeypot"] = NULL_CHARACTERS
    sent["remember"] = draw(REMEMBER)

    pairs = [(key, value) for key, value in sent.items() if value is not None]
    # Send a junk first copy of a field: the form reads the last one.
    repeat = draw(st.sampled_from([None, None, None, "body", "name", "email"]))
    if repeat is not None and sent[repeat] is not None:
        pairs.insert(0, (repeat, "junk"))
    extras = draw(EXTRAS)
    pairs += extras

    if expected.valid:
        expected.stored = {
            "article": scene.article,
            "parent": parent,
            "depth": 2 if parent else 1,
            "name": name,
            "email": sent["email"].strip(),
            "website": website,
            "body": body,
            "user": None,
        }
        spam_word = re.compile(rf"(?<!\w){SPAM_WORD}(?!\w)", re.IGNORECASE)
        expected.spam = bool(honeypot) or any(
            spam_word.search(value) for value in (name, body)
        )
    return Submission(pairs=pairs, expected=expected, sent=sent)


# Posting and checking ------------------------------------------------------------


def post(article, pairs, *, client=None, address="198.51.100.7", **extra):
    """POST urlencoded, as a browser sends this form."""
    client = client or Client()
    return client.post(
        reverse("comments:post", args=[article.pk]),
        urlencode(pairs),
        content_type="application/x-www-form-urlencoded",
        REMOTE_ADDR=address,
        HTTP_USER_AGENT=BROWSER,
        **extra,
    )


def check_outcome(submission: Submission, response, before: set[int], article):
    expected = submission.expected
    new = Comment.objects.exclude(pk__in=before)
    assert response.status_code != 500
    if expected.valid:
        assert response.status_code == 303, response.content.decode()[:2000]
        comment = new.get()
        assert response["Location"] == (
            f"{article.get_absolute_url()}#comment-{comment.pk}"
        )
        stored = {key: getattr(comment, key) for key in expected.stored}
        assert stored == expected.stored
        assert comment.status == (
            Comment.Status.SPAM if expected.spam else Comment.Status.PENDING
        )
        assert comment.ip_address == "198.51.100.7"
        return

    assert not new.exists()
    html = response.content.decode()
    if expected.too_long:
        # Refused before anything else, with or without a token: its message
        # alone, and the text not shown back; the rest as typed.
        assert response.status_code == 400
        for name in ("body", "name", "email", "website", "honeypot"):
            shown = field_errors(html, name)
            assert shown == ([expected.too_long] if name == "body" else []), name
        assert form_errors(html) == []
        values = form_values(html)
        assert values["body"] == ""
        assert values["name"] == (submission.sent["name"] or "")
        return
    if expected.confirm:
        # Shown back to be sent again, with a fresh token and no judgement.
        assert response.status_code == 200
        assert CONFIRM in html
        assert form_values(html)["token"]
    else:
        assert response.status_code == 400
    for name in ("body", "name", "email", "website", "honeypot"):
        shown = field_errors(html, name)
        if name in expected.errors and not expected.confirm:
            assert expected.errors[name] in shown, (name, shown)
        else:
            assert shown == [], (name, shown)
    assert set(form_errors(html)) == (
        set() if expected.confirm else expected.form_errors
    )
    # Everything typed is shown again, exactly as typed.
    values = form_values(html)
    for name in ("body", "name"):
        assert values[name] == (submission.sent[name] or ""), name


@contextmanager
def rolled_back():
    """A savepoint that is always rolled back: each example meets the same rows."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


# The tests -------------------------------------------------------------------------


def test_generated_submissions_are_stored_once_or_refused_at_their_field(scene):
    @settings(max_examples=examples(900), **FUZZ)
    @given(data=st.data())
    def run(data):
        submission = data.draw(submissions(scene))
        with rolled_back():
            before = set(Comment.objects.values_list("pk", flat=True))
            response = post(scene.article, submission.pairs)
            check_outcome(submission, response, before, scene.article)

    run()


def test_generated_submissions_to_a_closed_article_store_nothing(scene):
    @settings(max_examples=examples(40), **FUZZ)
    @given(data=st.data())
    def run(data):
        submission = data.draw(submissions(scene))
        with rolled_back():
            count = Comment.objects.count()
            response = post(scene.closed, submission.pairs)
            assert response.status_code == 403
            assert Comment.objects.count() == count
            assert CLOSED_MESSAGE in response.content.decode()

    run()


def test_a_valid_submission_sent_twice_is_stored_once(scene):
    @settings(max_examples=examples(60), **FUZZ)
    @given(data=st.data())
    def run(data):
        submission = data.draw(
            submissions(scene).filter(lambda sub: sub.expected.valid)
        )
        # The second copy comes from another address, as a double submit
        # through a mobile network might: the duplicate check still holds.
        address = data.draw(st.sampled_from(["198.51.100.7", "203.0.113.9"]))
        with rolled_back():
            before = set(Comment.objects.values_list("pk", flat=True))
            first = post(scene.article, submission.pairs)
            check_outcome(submission, first, before, scene.article)
            again = post(scene.article, submission.pairs, address=address)
            assert again.status_code == 400
            assert form_errors(again.content.decode()) == [DUPLICATE_MESSAGE]
            assert Comment.objects.exclude(pk__in=before).count() == 1

    run()


def as_header(text: str) -> str:
    """A header value as the server sees it: UTF-8 bytes read as Latin-1 (WSGI)."""
    return text.encode().decode("latin-1")


CSRF_KINDS = ["matching", "missing-both", "no-cookie", "no-field", "other-secret"]


def reader_state(client, article):
    """What the shared article page's script asks for: the CSRF token among it."""
    return client.get(
        reverse("reader-state"), {"article": article.pk}, HTTP_USER_AGENT=BROWSER
    )


def test_broken_csrf_tokens_store_nothing_and_ask_to_confirm(scene):
    browser = Client(enforce_csrf_checks=True)
    state = reader_state(browser, scene.article)
    cookie = state.cookies["csrftoken"].value
    field_value = state.json()["csrf_token"]
    other = Client(enforce_csrf_checks=True)
    reader_state(other, scene.other)
    other_cookie = other.cookies["csrftoken"].value

    @settings(max_examples=examples(1000), **FUZZ)
    @given(
        kind=st.sampled_from(CSRF_KINDS),
        field_text=st.one_of(st.none(), ANY_TEXT),
        cookie_text=st.one_of(st.none(), ANY_TEXT),
        email=st.from_regex(r"[a-z]{1,12}@example\.org", fullmatch=True),
    )
    def run(kind, field_text, cookie_text, email):
        client = Client(enforce_csrf_checks=True)
        pairs = [
            ("body", "A comment with a CSRF token."),
            ("name", "Rita Reader"),
            ("email", email),
            ("token", comment_token(scene.article)),
        ]
        valid = kind == "matching"
        if kind == "matching":
            client.cookies["csrftoken"] = cookie
            pairs.append(("csrfmiddlewaretoken", field_value))
        elif kind == "no-cookie":
            pairs.append(("csrfmiddlewaretoken", field_text or field_value))
        elif kind == "no-field":
            client.cookies["csrftoken"] = (
                as_header(cookie_text) if cookie_text else cookie
            )
        elif kind == "other-secret":
            # Another browser's real secret, sent with this browser's cookie.
            client.cookies["csrftoken"] = cookie
            pairs.append(("csrfmiddlewaretoken", other_cookie))
        else:
            if cookie_text is not None:
                client.cookies["csrftoken"] = as_header(cookie_text)
            if field_text is not None:
                pairs.append(("csrfmiddlewaretoken", field_text))
            # Equal and well-formed by chance is a match: allowed to pass.
            valid = (
                cookie_text is not None
                and field_text is not None
                and cookie_text == field_text
                and re.fullmatch(r"[a-zA-Z0-9]{32}|[a-zA-Z0-9]{64}", cookie_text)
            )
        with rolled_back():
            count = Comment.objects.count()
            response = post(scene.article, pairs, client=client)
            if valid:
                assert response.status_code == 303
                assert Comment.objects.count() == count + 1
            else:
                # An anonymous reader's post is never lost: shown back to
                # confirm, with a sound token, and nothing stored.
                assert response.status_code == 200
                assert CONFIRM in response.content.decode()
                assert Comment.objects.count() == count

    run()


def test_oracle_agrees_with_a_stored_comment_by_hand(scene):
    # The oracle's rules, checked once against examples a person can read.
    body, error = plain_text(
        "  Line one\r\nline two\x0b\x01  ",
        required=BODY_REQUIRED,
        limit=BODY_LIMIT,
        too_long="",
        lines=True,
    )
    assert (body, error) == ("Line one\nline two", None)
    response = post(
        scene.article,
        [
            ("body", "  Line one\r\nline two\x0b\x01  "),
            ("name", " Rita\x1f Reader "),
            ("email", " rita@example.net "),
            ("website", "example.net"),
            ("token", comment_token(scene.article)),
            ("status", "approved"),
        ],
    )
    assert response.status_code == 303
    comment = Comment.objects.get(email="rita@example.net")
    assert (comment.body, comment.name, comment.website, comment.status) == (
        "Line one\nline two",
        "Rita Reader",
        "https://example.net",
        Comment.Status.PENDING,
    )
    assert comment.created_at > timezone.now() - timedelta(minutes=1)


def test_control_characters_are_dropped_so_the_comment_feed_still_renders(scene):
    # XML 1.0 cannot carry most control characters: before the form dropped
    # them, one approved comment holding \x0b made its article's feed a 500.
    response = post(
        scene.article,
        [
            ("body", "Pasted from a word processor:\x0bsecond line\x1b."),
            ("name", "Rita\x08 Reader"),
            ("email", "rita@example.net"),
            ("token", comment_token(scene.article)),
        ],
    )
    assert response.status_code == 303
    comment = Comment.objects.get(email="rita@example.net")
    assert (comment.name, comment.body) == (
        "Rita Reader",
        "Pasted from a word processor:second line.",
    )
    comment.status = Comment.Status.APPROVED
    comment.save()

    feed = Client().get(reverse("feeds:comments", args=[scene.article.slug]))

    assert feed.status_code == 200
    assert "Pasted from a word processor:second line." in feed.content.decode()
