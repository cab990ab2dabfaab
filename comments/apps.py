from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


def _comment_saved(sender, instance, created, **kwargs):
    from newsroom.pagecache import invalidate_on_commit

    # A new comment held for moderation (or as spam) changes no public page;
    # anything else (approved at once, edited, moved) may.
    if created and instance.status != sender.Status.APPROVED:
        return
    invalidate_on_commit()


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        from newsroom.pagecache import invalidate_on_commit

        comment = self.get_model("Comment")
        post_save.connect(
            _comment_saved, sender=comment, dispatch_uid="pagecache-comment"
        )
        post_delete.connect(
            invalidate_on_commit, sender=comment, dispatch_uid="pagecache-comment-del"
        )
        # Thread depth and closing rules change every discussion.
        post_save.connect(
            invalidate_on_commit,
            sender=self.get_model("DiscussionSettings"),
            dispatch_uid="pagecache-discussion",
        )
