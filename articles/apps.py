from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


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

        # Everything a reader page prints of these models. Bulk changes that
        # send no signal (publish and unpublish actions) invalidate in
        # articles.services.
        for model_name in ("Article", "Category", "Tag", "Contributor"):
            model = self.get_model(model_name)
            for signal in (post_save, post_delete):
                signal.connect(
                    invalidate_on_commit,
                    sender=model,
                    dispatch_uid=f"pagecache-{model_name}-{signal}",
                )
        article = self.get_model("Article")
        # The archive's month counts follow every article saved or deleted.
        from .services import archive_refresh_after_change

        for signal in (post_save, post_delete):
            signal.connect(
                archive_refresh_after_change,
                sender=article,
                dispatch_uid=f"archive-months-{signal}",
            )
        for through in (article.categories.through, article.tags.through):
            m2m_changed.connect(
                invalidate_on_commit,
                sender=through,
                dispatch_uid=f"pagecache-{through._meta.label}",
            )
