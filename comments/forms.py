"""The comment form: fields, a signed timing token, a honeypot, and the rules.

A form that validates is a comment that may be stored; every refusal is a
message on the right field (or above the form) and nothing is written.
"""

import hashlib
import logging
import re
import secrets
import time

from django import forms
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.forms.utils import ErrorDict

from . import rules
from .models import Comment, DiscussionSettings

logger = logging.getLogger(__name__)

TOKEN_SALT = "comments.form.token"
TOKEN_MAX_AGE = 2 * 24 * 60 * 60
REMEMBER_LABEL = (
    "Save my name, email, and website in this browser for the next time I comment."
)
TAMPERED_MESSAGE = "This form could not be checked. Please send your comment again."
EXPIRED_MESSAGE = "This form was opened too long ago. Please send your comment again."
STAFF_CHECK_MESSAGE = (
    "This comment will be published at once under your name: check it, then "
    "send it again."
)
SPENT_MESSAGE = (
    "This form has already sent a comment. To write another, send it again now."
)
PARENT_UNAVAILABLE = "The comment you are replying to is not available."
UNREADABLE_MESSAGE = (
    "Your browser sent text we could not read (it was not UTF-8, the encoding "
    "this site uses). Nothing was posted: please write your comment again and "
    "send it."
)
# C0 control characters other than tab and line breaks: nobody types them, and
# XML 1.0 cannot carry them, so one in an approved comment would break the
# comment feed. (Null characters are refused earlier by the field itself.)
CONTROL_CHARACTERS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f]")


def make_token(article, *, issued: float | None = None, staff: bool = False) -> str:
    """A signed note of which article the form is for and when it was shown."""
    return signed_form_token(article.pk, issued=issued, staff=staff)


def signed_form_token(
    article_id: int, *, issued: float | None = None, staff: bool = False
) -> str:
    """A timing token for the form of an article known by its id.

    `issued` keeps the time of an earlier token (a form sent back after a
    failure the reader did not cause). The random part makes every token
    unique, so that each can be accepted once. `staff` marks a form shown to
    a logged-in member of staff, whose comment is published under their name:
    a form shown to a reader cannot post as them (comments/views.py).
    """
    when = int(time.time() if issued is None else issued)
    payload = {"a": article_id, "t": when, "n": secrets.token_urlsafe(8)}
    if staff:
        payload["s"] = 1
    return signing.dumps(payload, salt=TOKEN_SALT)


def typed_length(text: str) -> int:
    """The length of a comment as the reader's browser counted it.

    A browser counts a line break in a textarea as one character (for its
    `maxlength`) and sends it as two (CRLF): counted so, whatever a browser
    let through is within the limit.
    """
    return len(text) - text.count("\r\n")


def too_long_message(length: int, limit: int) -> str:
    return (
        f"Your comment is {length:,} characters long; the most we take is "
        f"{limit:,}. Shorten it and send it again."
    )


def _spent_key(token: str) -> str:
    return "comment-token:" + hashlib.sha256(token.encode()).hexdigest()


class WebsiteField(forms.URLField):
    # Replaces URLField's own validator (which also allows ftp) rather than
    # adding a second one: a `javascript:` address would otherwise be told the
    # same thing twice.
    default_validators = [URLValidator(schemes=["http", "https"])]


class CommentForm(forms.Form):
    # Its longest length is a discussion setting, checked before anything
    # else (`full_clean`); `max_length` is set per form, for the textarea.
    body = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Please write a comment."},
    )
    name = forms.CharField(
        max_length=80,
        error_messages={
            "required": "Please enter your name.",
            "max_length": "Names may be at most %(limit_value)d characters.",
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        max_length=254,
        error_messages={
            "required": "Please enter your email address. It will not be published.",
            "invalid": "Enter a valid email address, like name@example.com.",
            "max_length": "Email addresses may be at most %(limit_value)d characters.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = WebsiteField(
        max_length=200,
        required=False,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter a web address starting with http:// or https://.",
            "max_length": "Web addresses may be at most %(limit_value)d characters.",
        },
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    remember = forms.BooleanField(required=False, label=REMEMBER_LABEL)
    # Both unticked by default; either sends one confirmation email first
    # (comments/subscriptions.py).
    notify_replies = forms.BooleanField(
        required=False, label="Notify me of follow-up comments by email"
    )
    notify_approval = forms.BooleanField(
        required=False, label="Tell me when my comment is approved"
    )
    parent = forms.IntegerField(
        required=False,
        # Within a 64-bit key, so a junk number is a message, not a database error.
        min_value=1,
        max_value=2**63 - 1,
        widget=forms.HiddenInput,
        error_messages=dict.fromkeys(
            ("invalid", "min_value", "max_value"), PARENT_UNAVAILABLE
        ),
    )
    token = forms.CharField(
        widget=forms.HiddenInput,
        # A damaged token is one message whatever the damage: "null characters"
        # would speak of a field the reader cannot see.
        error_messages=dict.fromkeys(
            ("required", "null_characters_not_allowed"), TAMPERED_MESSAGE
        ),
    )
    # Hidden from people by CSS and from assistive technology; bots fill it in.
    honeypot = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(
        self,
        *args,
        article,
        user=None,
        ip_address: str | None = None,
        discussion: DiscussionSettings | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.article = article
        self.user = user
        self.ip_address = ip_address
        self.discussion = discussion or DiscussionSettings.load()
        self.parent_comment: Comment | None = None
        self.issued: float | None = None
        body = self.fields["body"]
        body.max_length = self.discussion.max_comment_length
        body.widget.attrs["maxlength"] = str(body.max_length)
        if self.staff_author:
            # Staff write under their own name; nothing to type but the text.
            for field in (
                "name",
                "email",
                "website",
                "remember",
                "notify_replies",
                "notify_approval",
            ):
                del self.fields[field]
        # The form's HTML is written out in templates/comments/form.html.

    @property
    def staff_author(self) -> bool:
        return bool(self.user and self.user.is_authenticated and self.user.is_staff)

    @property
    def body_too_long(self) -> bool:
        """Whether the text sent is longer than the discussion takes."""
        body = self.data.get(self.add_prefix("body")) if self.is_bound else None
        limit = self.fields["body"].max_length
        return isinstance(body, str) and typed_length(body) > limit

    def full_clean(self):
        if self.is_bound and self.body_too_long:
            # Before anything else: a megabyte is not cleaned or checked
            # against the rules and the database, no timing token is spent,
            # and no other message hides this one.
            self._errors = ErrorDict()
            self.cleaned_data = {}
            length = typed_length(self.data[self.add_prefix("body")])
            message = too_long_message(length, self.fields["body"].max_length)
            self.add_error("body", ValidationError(message, code="too_long"))
            return
        super().full_clean()

    def clean_body(self):
        # Browsers send line breaks as CRLF; store one kind, so that the
        # duplicate check and exports see the same text whatever sent it.
        body = self.cleaned_data["body"].replace("\r\n", "\n").replace("\r", "\n")
        body = CONTROL_CHARACTERS.sub("", body).strip()
        if not body:
            raise ValidationError("Please write a comment.", code="required")
        return body

    def clean_name(self):
        name = CONTROL_CHARACTERS.sub("", self.cleaned_data["name"]).strip()
        if not name:
            raise ValidationError("Please enter your name.", code="required")
        return name

    def clean_token(self):
        try:
            payload = signing.loads(
                self.cleaned_data["token"], salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE
            )
        except signing.SignatureExpired:
            raise ValidationError(EXPIRED_MESSAGE, code="expired") from None
        except signing.BadSignature:
            raise ValidationError(TAMPERED_MESSAGE, code="tampered") from None
        if not isinstance(payload, dict) or payload.get("a") != self.article.pk:
            raise ValidationError(TAMPERED_MESSAGE, code="tampered")
        issued = payload.get("t", 0)
        if not isinstance(issued, int | float):
            raise ValidationError(TAMPERED_MESSAGE, code="tampered")
        elapsed = time.time() - issued
        if elapsed > TOKEN_MAX_AGE:
            raise ValidationError(EXPIRED_MESSAGE, code="expired")
        # A sound token's time: a form sent back keeps it (comments/views.py).
        self.issued = issued
        if self.staff_author and payload.get("s") != 1:
            # A form that was shown to a reader (say, one a forged post put in
            # front of this member of staff), now sent with their login.
            raise ValidationError(STAFF_CHECK_MESSAGE, code="staff_unchecked")
        if not self.staff_author and elapsed < self.discussion.min_fill_seconds:
            raise ValidationError(
                "That was quick! Please take a moment to check your comment, "
                "then send it again.",
                code="too_fast",
            )
        return self.cleaned_data["token"]

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if parent_id is None:
            return None
        parent = (
            Comment.objects.approved()
            .filter(pk=parent_id, article=self.article, removed=False)
            .first()
        )
        if parent is None:
            raise ValidationError(PARENT_UNAVAILABLE, code="invalid_parent")
        if parent.depth >= self.discussion.thread_depth:
            raise ValidationError(
                "Replies cannot be nested this deep. Reply further up the thread.",
                code="too_deep",
            )
        self.parent_comment = parent
        return parent_id

    def clean(self):
        cleaned = super().clean()
        # Token and parent errors are about the form as a whole: show them above it.
        for field in ("token", "parent"):
            if field in self.errors:
                self.add_error(None, ValidationError(self.errors.pop(field).as_data()))
        rules.check_open(self.article, self.discussion)
        email = self.user.email if self.staff_author else cleaned.get("email")
        body = cleaned.get("body")
        if email and body and not self.errors:
            rules.check_duplicate(article=self.article, email=email, body=body)
            if not self.staff_author:
                rules.check_flood(
                    ip_address=self.ip_address, email=email, discussion=self.discussion
                )
        if not self.errors:
            self._spend_token(cleaned["token"])
        return cleaned

    def _spend_token(self, token: str) -> None:
        """Accept each timing token once: a form replayed is refused."""
        try:
            fresh = cache.add(_spent_key(token), 1, timeout=TOKEN_MAX_AGE)
        except Exception:
            # The other rules (duplicates, flood) still hold without it.
            logger.warning("Cache unavailable: comment token not checked for reuse")
            return
        if not fresh:
            raise ValidationError(SPENT_MESSAGE, code="spent")

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.data.get(self.add_prefix("honeypot"), "").strip())
