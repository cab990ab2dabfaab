from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


def _comment_saved(sender, instance, created, **kwargs):
    from newsroom.pagecache import invalidate_on_commit

    # A new comment held for moderation (or as spam) changes no public page;
    # anything else (approved at once, edited, moved) may.
    if created and instance.status != sender.Status.APPROVED:
        return
    invalidate_on_commit()


def _settings_saved(sender, instance, created, **kwargs):
    from newsroom.pagecache import invalidate_on_commit

    # Made with the defaults the first time a page reads them: pages made
    # before showed those same defaults.
    if not created:
        invalidate_on_commit()


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        from articles.views import register_listing_extension
        from newsroom import readerstate
        from newsroom.pagecache import invalidate_on_commit

        from . import tasks  # noqa: F401  (registers its schedules)
        from .selectors import with_comment_counts
        from .state import comment_state

        readerstate.register(comment_state)
        # Each card of an article list shows its comment count: a subquery,
        # not a query per card.
        register_listing_extension(with_comment_counts)

        comment = self.get_model("Comment")
        post_save.connect(
            _comment_saved, sender=comment, dispatch_uid="pagecache-comment"
        )
        post_delete.connect(
            invalidate_on_commit, sender=comment, dispatch_uid="pagecache-comment-del"
        )
        # Thread depth and closing rules change every discussion.
        post_save.connect(
            _settings_saved,
            sender=self.get_model("DiscussionSettings"),
            dispatch_uid="pagecache-discussion",
        )
