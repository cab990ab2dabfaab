"""What follows every write to articles and their labels, whoever writes.

The admin, a management command, the shell and an import all save through
the ORM, and these receivers (connected in ArticlesConfig.ready) keep what is
derived from the rows current for all of them alike:

- search text (`search_body`, `search_keywords`): an article's body, its
  tags' names and its writer's name, rewritten when any of them changes;
- the archive's month counts (ArchiveMonth), after any article is saved or
  deleted;
- the page cache, forgotten once the change is committed.

The body's HTML is rendered by `Article.save()` itself, before these run.
Writes that send no signal (`QuerySet.update`, `bulk_create`) are the
caller's to follow up: articles.services does it for publishing.
"""

from django.db import transaction

from newsroom.pagecache import invalidate_on_commit

from .models import Article
from .services import archive_refresh, article_refresh_search_text


def article_saved(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: the fixture holds the derived columns already.
        return
    article_refresh_search_text(articles=Article.objects.filter(pk=instance.pk))
    archive_refresh()
    invalidate_on_commit()


def article_deleted(sender, instance, **kwargs):
    archive_refresh()
    invalidate_on_commit()


def labels_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Tags or sections added to or taken from articles, from either side."""
    tags = sender is Article.tags.through
    if action == "pre_clear" and reverse and tags:
        # A tag's articles about to be cleared: which they are is known only
        # now, and their text must be rewritten only once they are cleared.
        _refresh_after_commit(instance.articles.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if tags and not reverse:
        article_refresh_search_text(articles=Article.objects.filter(pk=instance.pk))
    elif tags and pk_set:
        article_refresh_search_text(articles=Article.objects.filter(pk__in=pk_set))
    invalidate_on_commit()


def name_saved(sender, instance, raw=False, **kwargs):
    """A tag or a writer saved: its articles' search text names it."""
    if raw:
        return
    article_refresh_search_text(articles=instance.articles.all())
    invalidate_on_commit()


def tag_deleting(sender, instance, **kwargs):
    # Its articles lose its name once it is gone: which they are is known
    # only before. A delete runs in a transaction, so this runs after it.
    _refresh_after_commit(instance.articles.values_list("pk", flat=True))


def _refresh_after_commit(article_ids) -> None:
    ids = list(article_ids)
    if ids:
        transaction.on_commit(
            lambda: article_refresh_search_text(
                articles=Article.objects.filter(pk__in=ids)
            ),
            robust=True,
        )
