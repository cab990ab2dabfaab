from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete


def next_scheduled_publication():
    """When the next article scheduled for later goes live, or None."""
    from .models import Article

    return (
        Article.objects.scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from newsroom import readerstate
        from newsroom.pagecache import invalidate_on_commit, register_next_change

        from .state import article_state

        readerstate.register(article_state)
        register_next_change(next_scheduled_publication)

        from . import receivers

        article, tag = self.get_model("Article"), self.get_model("Tag")
        contributor, category = (
            self.get_model("Contributor"),
            self.get_model("Category"),
        )
        connections = [
            (post_save, article, receivers.article_saved),
            (post_delete, article, receivers.article_deleted),
            (post_save, tag, receivers.name_saved),
            (post_save, contributor, receivers.name_saved),
            (pre_delete, tag, receivers.tag_deleting),
            (m2m_changed, article.tags.through, receivers.labels_changed),
            (m2m_changed, article.categories.through, receivers.labels_changed),
            # What reader pages print of them, and nothing else derives.
            (post_save, category, invalidate_on_commit),
            (post_delete, category, invalidate_on_commit),
            (post_delete, tag, invalidate_on_commit),
            (post_delete, contributor, invalidate_on_commit),
        ]
        for signal, sender, receiver in connections:
            signal.connect(
                receiver,
                sender=sender,
                dispatch_uid=f"{receiver.__name__}-{sender._meta.label}-{id(signal)}",
            )
