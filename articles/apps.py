from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from newsroom.pagecache import invalidate_on_commit

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
        for through in (article.categories.through, article.tags.through):
            m2m_changed.connect(
                invalidate_on_commit,
                sender=through,
                dispatch_uid=f"pagecache-{through._meta.label}",
            )
