"""Indexes on the join tables by (tag, article) and (section, article).

Related articles take the newest filings under a tag or section
(articles/links.py, related_articles): with these, that is a walk down one
index range instead of a sort of everything filed there. Django makes the
join tables itself, so their indexes are plain SQL, the same on SQLite and
PostgreSQL.
"""

from django.db import migrations

INDEXES = [
    ("articles_article_tags", "tag_id"),
    ("articles_article_categories", "category_id"),
]


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_most_read_index_full_order")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {table}_recent ON {table} ({column}, article_id)",
            f"DROP INDEX {table}_recent",
        )
        for table, column in INDEXES
    ]
