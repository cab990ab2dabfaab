"""Reader comments and the site's discussion settings."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from .text import render_comment_text

# The range of DiscussionSettings.max_comment_length. Below the floor,
# ordinary comments would be refused. The ceiling keeps a comment at the limit
# within what Django reads of a request (DATA_UPLOAD_MAX_MEMORY_SIZE, 2.5 MB)
# even when every character is a four-byte one sent percent-escaped (12 bytes).
COMMENT_LENGTH_FLOOR = 100
COMMENT_LENGTH_CEILING = 100_000


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def visible(self):
        """What readers may see: approved comments on articles readers may see."""
        from articles.models import Article

        return self.approved().filter(article__in=Article.objects.published())


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        TRASH = "trash", "Trash"

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    depth = models.PositiveSmallIntegerField(
        default=1, help_text="1 for a comment on the article, 2 for a reply to it…"
    )
    name = models.CharField(max_length=80)
    email = models.EmailField(max_length=254, blank=True)
    website = models.URLField(max_length=200, blank=True)
    # The discussion settings say how long a comment may be; this is the
    # ceiling of that setting.
    body = models.TextField("comment", max_length=COMMENT_LENGTH_CEILING)
    # The body as safe HTML, made from `body` on every save (comments/text.py).
    body_html = models.TextField(blank=True, editable=False)
    status = models.CharField(
        max_length=10, choices=Status, default=Status.PENDING, db_index=True
    )
    reason = models.CharField(
        max_length=200,
        blank=True,
        help_text="Why the comment was held or marked as spam.",
    )
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        help_text="The staff member who wrote it, when logged in.",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    removed = models.BooleanField(
        default=False,
        help_text="Text erased at the author's request; replies stay in place.",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        permissions = [("moderate_comment", "Can moderate comments")]
        indexes = [
            models.Index(fields=["article", "status", "created_at"]),
            models.Index(fields=["email", "status"]),
            models.Index(fields=["ip_address", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(depth__gte=1), name="comment_depth_at_least_one"
            ),
        ]

    def __str__(self):
        return f"{self.name} on {self.article}"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "body" in update_fields:
            self.body_html = render_comment_text(self.body)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # A redirect to the page of the discussion that shows it (that page
        # changes as comments are approved or removed).
        return reverse("comments:permalink", args=[self.pk])

    def get_admin_url(self):
        return reverse("admin:comments_comment_change", args=[self.pk])


class DiscussionSettings(models.Model):
    """The site's comment rules: one row, edited in the admin."""

    hold_all = models.BooleanField(
        "hold every comment for moderation",
        default=True,
        help_text="Every comment waits for a moderator.",
    )
    approve_known_authors = models.BooleanField(
        "approve known authors",
        default=True,
        help_text=(
            "When not holding everything: publish at once a comment whose email "
            "already has an approved comment. Others wait for a moderator."
        ),
    )
    hold_link_count = models.PositiveSmallIntegerField(
        "hold comments with this many links",
        default=2,
        validators=[MinValueValidator(1)],
    )
    hold_words = models.TextField(
        blank=True,
        help_text=(
            "One word or phrase per line. A comment containing one is held for "
            "moderation."
        ),
    )
    spam_words = models.TextField(
        blank=True,
        help_text=(
            "One word or phrase per line, matched as whole words in any case in the "
            "name, email, website and text. A comment containing one goes to spam."
        ),
    )
    close_after_days = models.PositiveIntegerField(
        "close comments after (days)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(36500)],
        help_text="Empty: articles accept comments for ever.",
    )
    thread_depth = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="1 allows no replies; 5 allows replies to replies, five levels deep.",
    )
    flood_seconds = models.PositiveIntegerField(
        "seconds between comments",
        default=15,
        help_text="The least time between two comments from one address or email.",
    )
    min_fill_seconds = models.PositiveIntegerField(
        "minimum time to write (seconds)",
        default=3,
        help_text="A form sent back faster than this was filled in by a machine.",
    )
    max_comment_length = models.PositiveIntegerField(
        "longest comment (characters)",
        default=10_000,
        validators=[
            MinValueValidator(COMMENT_LENGTH_FLOOR),
            MaxValueValidator(COMMENT_LENGTH_CEILING),
        ],
        help_text=(
            "The most characters a comment may have, counted as the reader's "
            "browser counts them (a line break is one). The comment box stops "
            "there; a longer comment is refused with its length and this limit."
        ),
    )
    notify_moderators = models.BooleanField(
        "email moderators about held comments", default=True
    )
    notify_contributor = models.BooleanField(
        "email the contributor when a comment on their article is approved",
        default=True,
    )

    class Meta:
        verbose_name = "discussion settings"
        verbose_name_plural = "discussion settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(pk=1), name="discussion_settings_single"
            ),
            models.CheckConstraint(
                condition=Q(
                    max_comment_length__gte=COMMENT_LENGTH_FLOOR,
                    max_comment_length__lte=COMMENT_LENGTH_CEILING,
                ),
                name="discussion_settings_comment_length_range",
            ),
        ]

    def __str__(self):
        return "Discussion settings"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "DiscussionSettings":
        """The settings row (made with the defaults the first time): one query."""
        current, _ = cls.objects.get_or_create(pk=1)
        return current

    @staticmethod
    def _lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def hold_word_list(self) -> list[str]:
        return self._lines(self.hold_words)

    @property
    def spam_word_list(self) -> list[str]:
        return self._lines(self.spam_words)


class Subscription(models.Model):
    """A commenter's wish to hear of their comment's approval or of replies.

    Made unconfirmed when they tick a box under the form; nothing is sent to
    the address but the one confirmation email until its link is followed
    (comments/subscriptions.py), so no one can subscribe someone else.
    """

    class Kind(models.TextChoices):
        APPROVAL = "approval", "When my comment is approved"
        REPLIES = "replies", "Replies in my threads"

    email = models.EmailField()
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="+"
    )
    # The comment whose approval (APPROVAL) or whose threads (REPLIES) it is.
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="subscriptions"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "kind"], name="one_subscription_per_comment_kind"
            )
        ]
        indexes = [models.Index(fields=["email"], name="subscription_email_idx")]

    def __str__(self):
        return f"{self.email}: {self.get_kind_display()} (comment {self.comment_id})"


class ModeratorMail(models.Model):
    """How a moderator hears of held comments (comments/notifications.py)."""

    class Frequency(models.TextChoices):
        EACH = "each", "An email for each held comment"
        HOURLY = "hourly", "An hourly digest"
        DAILY = "daily", "A daily digest"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="moderator_mail",
    )
    frequency = models.CharField(
        "email me", max_length=10, choices=Frequency.choices, default=Frequency.EACH
    )
    # The end of what the last digest covered.
    digest_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "my moderation email"
        verbose_name_plural = "my moderation email"

    def __str__(self):
        return f"{self.user}: {self.get_frequency_display()}"
