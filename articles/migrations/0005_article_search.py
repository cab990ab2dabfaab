"""Reader search: plain-text columns on Article, and an index per database.

- PostgreSQL: a stored generated tsvector column `search_vector`, outside
  the model (no other query should load it), with a GIN index.
- SQLite: the FTS5 table `article_search`, with `articles_article` as its
  external content, and triggers that keep it in step on every insert, update
  of an indexed column, and delete.

Careful with later migrations of articles_article:
- SQLite: when Django rebuilds the table (most AlterField and RemoveField
  operations do), the triggers are dropped with the old table. Such a
  migration must run DROP_SQLITE and CREATE_SQLITE again; tests/test_search.py
  fails if the index falls out of step.
- PostgreSQL refuses to change the type of a column the generated column
  reads (title, dek, search_body, search_keywords): drop `search_vector`
  first and add it again after (DROP_POSTGRESQL, CREATE_POSTGRESQL).
"""

from django.db import migrations, models

from articles.search import clean_text, plain_text

CREATE_SQLITE = [
    """
    CREATE VIRTUAL TABLE article_search USING fts5(
        title, dek, search_body, search_keywords,
        content='articles_article', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2', prefix='2 3'
    )
    """,
    """
    CREATE TRIGGER article_search_insert AFTER INSERT ON articles_article BEGIN
        INSERT INTO article_search (rowid, title, dek, search_body, search_keywords)
        VALUES (new.id, new.title, new.dek, new.search_body, new.search_keywords);
    END
    """,
    """
    CREATE TRIGGER article_search_delete AFTER DELETE ON articles_article BEGIN
        INSERT INTO article_search
            (article_search, rowid, title, dek, search_body, search_keywords)
        VALUES
            ('delete', old.id, old.title, old.dek, old.search_body, old.search_keywords);
    END
    """,
    # Only the indexed columns: a view count going up re-indexes nothing.
    """
    CREATE TRIGGER article_search_update
    AFTER UPDATE OF title, dek, search_body, search_keywords ON articles_article
    BEGIN
        INSERT INTO article_search
            (article_search, rowid, title, dek, search_body, search_keywords)
        VALUES
            ('delete', old.id, old.title, old.dek, old.search_body, old.search_keywords);
        INSERT INTO article_search (rowid, title, dek, search_body, search_keywords)
        VALUES (new.id, new.title, new.dek, new.search_body, new.search_keywords);
    END
    """,
    # Index the rows that exist already.
    "INSERT INTO article_search (article_search) VALUES ('rebuild')",
]

DROP_SQLITE = [
    "DROP TRIGGER IF EXISTS article_search_insert",
    "DROP TRIGGER IF EXISTS article_search_delete",
    "DROP TRIGGER IF EXISTS article_search_update",
    "DROP TABLE IF EXISTS article_search",
]


CREATE_POSTGRESQL = [
    """
    ALTER TABLE articles_article ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(
            to_tsvector(
                'english'::regconfig,
                coalesce(dek, '') || ' ' || coalesce(search_keywords, '')
            ),
            'B'
        )
        || setweight(to_tsvector('english'::regconfig, coalesce(search_body, '')), 'C')
    ) STORED
    """,
    "CREATE INDEX article_search_idx ON articles_article USING gin (search_vector)",
]

DROP_POSTGRESQL = [
    "DROP INDEX IF EXISTS article_search_idx",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
]


def fill_search_text(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    rows = Article.objects.select_related("contributor").prefetch_related("tags")
    batch = []
    for article in rows.iterator(chunk_size=500):
        article.search_body = plain_text(article.body_html)
        names = [tag.name for tag in article.tags.all()]
        article.search_keywords = clean_text(" ".join([*names, article.contributor.name]))
        batch.append(article)
        if len(batch) == 500:
            Article.objects.bulk_update(batch, ["search_body", "search_keywords"])
            batch = []
    Article.objects.bulk_update(batch, ["search_body", "search_keywords"])


STATEMENTS = {
    "sqlite": (CREATE_SQLITE, DROP_SQLITE),
    "postgresql": (CREATE_POSTGRESQL, DROP_POSTGRESQL),
}


def create_index(apps, schema_editor):
    create, _ = STATEMENTS.get(schema_editor.connection.vendor, ([], []))
    for statement in create:
        schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    _, drop = STATEMENTS.get(schema_editor.connection.vendor, ([], []))
    for statement in drop:
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0004_image_renditions_most_read_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='search_body',
            field=models.TextField(default='', editable=False),
        ),
        migrations.AddField(
            model_name='article',
            name='search_keywords',
            field=models.TextField(default='', editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]
