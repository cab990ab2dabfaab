"""A large newsroom, inserted in bulk, for the page benchmark.

`build()` fills an empty, migrated database (SQLite or PostgreSQL) with
contributors, categories, tags, published articles spread over three years,
and approved comments, in a few thousand rows per INSERT: no `save()` runs,
so every column `save()` or a service would derive is computed here the same
way (the body's HTML, the search text). SQLite's full-text triggers fire on
bulk inserts too; PostgreSQL's search vector is a generated column.

The text is made up from a word list of our own, drawn at random with a
fixed seed, so two builds of one size are the same.
"""

import math
import random
from contextlib import ExitStack
from datetime import timedelta
from itertools import accumulate
from unittest import mock

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.markdown import render_markdown
from articles.models import Article, Category, Contributor, Tag
from articles.search import clean_text, plain_text
from articles.services import archive_refresh, article_refresh_search_text
from comments.models import Comment, DiscussionSettings
from comments.text import render_comment_text

# The word every search in the benchmark looks for: about one paragraph in
# sixty has it, so it matches roughly one article in ten.
SEARCH_WORD = "harbour"
ROWS_PER_INSERT = 2000

NOUNS = """
council budget minister school hospital river bridge market festival weather
storm flood police court judge trial witness report museum library theatre
concert teacher nurse doctor farmer railway station airport ferry tram cyclist
street village county mayor parliament vote campaign poll candidate party
policy pension wage strike union factory company profit bank mortgage rent
housing garden park forest mountain lake coast beach island tide wind energy
climate recycling water drought harvest price science research university
student exam football match league season coach stadium player referee
""".split()
VERBS = """
approved rejected opened closed announced delayed reviewed funded questioned
defended visited promised cancelled expanded reduced doubled welcomed warned
""".split()
ADJECTIVES = """
new old local regional national early late quiet busy public private small
large rural urban coastal northern southern eastern western annual weekly
""".split()
FILLER = """
the a of and to in on for with by at from that this was were has have had
will would could said after before during while over under about into
""".split()
FIRST_NAMES = """
Ana Ben Chloe Dan Eva Farid Grace Hugo Ines Jon Kira Leo Maya Nils Olga Pablo
Quinn Rosa Sami Tara Uma Viktor Wen Xavier Yara Zoe
""".split()
LAST_NAMES = """
Abbott Baker Costa Dubois Evans Fischer Garcia Hansen Ito Jensen Kowalski
Larsen Moreau Novak Okafor Petrov Quint Rossi Silva Tanaka Umar Vogel Weber
""".split()


def _zipf_weights(count: int) -> list[float]:
    # Cumulative: random.choices is much faster given them.
    return list(accumulate(1 / (rank + 1) for rank in range(count)))


class _Text:
    """Sentences, paragraphs and names from the word lists, with one seed."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.words = NOUNS + VERBS + ADJECTIVES
        self.word_weights = _zipf_weights(len(self.words))
        self.comment_pool: list[str] = []
        self.comment_html: list[str] = []

    def sentence(self, low: int = 8, high: int = 20) -> str:
        rng = self.rng
        drawn = rng.choices(self.words, cum_weights=self.word_weights, k=high)
        words = [
            drawn[n] if rng.random() < 0.45 else rng.choice(FILLER)
            for n in range(rng.randint(low, high))
        ]
        return " ".join(words).capitalize() + "."

    def title(self) -> str:
        rng = self.rng
        return (
            f"{rng.choice(ADJECTIVES).capitalize()} {rng.choice(NOUNS)} "
            f"{rng.choice(VERBS)} as {rng.choice(NOUNS)} "
            f"{rng.choice(VERBS)} {rng.choice(FILLER)} {rng.choice(NOUNS)}"
        )

    def paragraph(self, *, with_search_word: bool) -> str:
        """Markdown: plain sentences, now and then emphasis, a link or a heading."""
        rng = self.rng
        if rng.random() < 0.08:
            return f"## {self.sentence(3, 6)[:-1]}"
        sentences = [self.sentence() for _ in range(rng.randint(3, 6))]
        if with_search_word:
            sentences.insert(
                rng.randrange(len(sentences)),
                f"The {SEARCH_WORD} {rng.choice(VERBS)} {rng.choice(NOUNS)}.",
            )
        if rng.random() < 0.3:
            sentences[0] = f"*{sentences[0]}*"
        if rng.random() < 0.25:
            noun = rng.choice(NOUNS)
            sentences.append(f"[More on the {noun}](https://example.org/{noun}).")
        return " ".join(sentences)

    def name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"


def _paragraph_pool(text: _Text, size: int) -> list[tuple[str, str, str]]:
    """(markdown, html, plain text) for `size` paragraphs, each rendered once.

    Markdown paragraphs render independently, so an article's body, HTML and
    search text are these joined (checked against the real functions at the
    end of `build`): rendering and stripping every body would take minutes.
    """
    pool = []
    for n in range(size):
        markdown = text.paragraph(with_search_word=n % 60 == 0)
        html = render_markdown(markdown)
        pool.append((markdown, html, plain_text(html)))
    return pool


def _without_auto_now(*models):
    """Let bulk_create keep the spread-out times we give instead of now()."""
    stack = ExitStack()
    for model in models:
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False):
                stack.enter_context(mock.patch.object(field, "auto_now", False))
            if getattr(field, "auto_now_add", False):
                stack.enter_context(mock.patch.object(field, "auto_now_add", False))
    return stack


def open_discussion() -> DiscussionSettings:
    """Rules that let the benchmark post a comment per request.

    Only for the benchmark's own database: no minimum writing time, no flood
    interval, no notification emails. Every comment is held for moderation,
    so the posts never change what readers see.
    """
    discussion = DiscussionSettings.load()
    discussion.min_fill_seconds = 0
    discussion.flood_seconds = 0
    discussion.hold_all = True
    discussion.spam_words = ""
    discussion.hold_words = ""
    discussion.close_after_days = None
    discussion.notify_moderators = False
    discussion.notify_contributor = False
    discussion.save()
    return discussion


def build(
    *,
    articles: int = 10_000,
    contributors: int = 200,
    categories: int = 50,
    tags: int = 500,
    comments: int = 100_000,
    thread_comments: int = 500,
    seed: int = 8,
) -> dict:
    """Fill an empty migrated database; return what the benchmark requests.

    Keys: `article_10` and `article_50` (slugs of articles with exactly ten
    and exactly fifty approved top-level comments, one page of discussion),
    `article_50_id` (the latter's id, for /reader/state/), `article_thread`
    (the one with `thread_comments` comments in threads), `post_target` (an
    article for comment posts), `category` (a top-level one with children),
    `tag`, `contributor`, `search` (a word that matches), `home_last_page`, and
    the row counts.
    """
    if articles < 4:
        raise ValueError("The benchmark needs at least four articles.")
    rng = random.Random(seed)
    text = _Text(rng)
    now = timezone.now().replace(microsecond=0)
    discussion = open_discussion()

    with transaction.atomic(), _without_auto_now(Article, Comment):
        writers = _contributors(text, contributors)
        sections, section = _categories(text, max(categories, 2))
        topics = _tags(text, max(tags, 1))
        stories = _articles(
            text, now, articles, writers, sections, topics, pool_size=600
        )
        post_target, article_10, article_thread, article_50 = stories[:4]
        _comments(text, stories, comments, exact={article_10.pk: 10, article_50.pk: 50})
        _thread(text, article_thread, thread_comments, discussion.thread_depth)

    tag = max(topics, key=lambda topic: topic.article_count)
    writer = max(writers, key=lambda person: person.article_count)
    # bulk_create sends no signals: the archive's month counts, as saves would.
    archive_refresh()
    if connection.vendor == "postgresql":
        # As autovacuum does on a running site within a minute of such a
        # load: without statistics the planner guesses, and guesses badly.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    _check(stories)
    per_page = settings.NEWSROOM_ARTICLES_PER_PAGE
    return {
        "articles": articles,
        "comments": comments + thread_comments,
        "article_10": article_10.slug,
        "article_50": article_50.slug,
        "article_50_id": article_50.pk,
        "article_thread": article_thread.slug,
        "post_target": post_target.slug,
        "post_target_id": post_target.pk,
        "category": section.slug,
        "tag": tag.slug,
        "contributor": writer.slug,
        "search": SEARCH_WORD,
        "home_last_page": math.ceil(articles / per_page),
    }


def _contributors(text: _Text, count: int) -> list[Contributor]:
    rows = [
        Contributor(
            name=f"{text.name()} {n}",
            slug=f"writer-{n}",
            byline_title="Staff writer" if n % 4 else "Correspondent",
            bio=" ".join(text.sentence() for _ in range(2)),
        )
        for n in range(count)
    ]
    made = Contributor.objects.bulk_create(rows, batch_size=ROWS_PER_INSERT)
    for writer in made:
        writer.article_count = 0
    return made


def _categories(text: _Text, count: int) -> tuple[list[Category], Category]:
    """A fifth top-level, the rest one level below; returns the busiest parent."""
    top_count = max(1, count // 5)
    tops = Category.objects.bulk_create(
        Category(
            name=f"{NOUNS[n % len(NOUNS)].capitalize()} desk {n}",
            slug=f"section-{n}",
            description=text.sentence(),
        )
        for n in range(top_count)
    )
    children = Category.objects.bulk_create(
        Category(
            name=f"{ADJECTIVES[n % len(ADJECTIVES)].capitalize()} beat {n}",
            slug=f"beat-{n}",
            parent=tops[n % top_count],
            description=text.sentence(),
        )
        for n in range(count - top_count)
    )
    # The first top-level category gets the most children and articles.
    return tops + children, tops[0]


def _tags(text: _Text, count: int) -> list[Tag]:
    made = Tag.objects.bulk_create(
        (
            Tag(name=f"{NOUNS[n % len(NOUNS)]} {n}", slug=f"topic-{n}")
            for n in range(count)
        ),
        batch_size=ROWS_PER_INSERT,
    )
    for tag in made:
        tag.article_count = 0
    return made


def _articles(text, now, count, writers, sections, topics, *, pool_size):
    """Published articles, newest first, with categories and tags."""
    rng = text.rng
    pool = _paragraph_pool(text, pool_size)
    writer_weights = _zipf_weights(len(writers))
    section_weights = _zipf_weights(len(sections))
    topic_weights = _zipf_weights(len(topics))
    three_years = 3 * 365 * 24 * 3600
    # Evenly spread over three years, newest first; a little jitter.
    step = three_years / count
    rows, links = [], []
    for n in range(count):
        published = now - timedelta(
            seconds=int(60 + n * step + rng.random() * step * 0.5)
        )
        writer = rng.choices(writers, cum_weights=writer_weights)[0]
        writer.article_count += 1
        chosen_sections = set(
            rng.choices(sections, cum_weights=section_weights, k=rng.randint(1, 3))
        )
        chosen_topics = set(
            rng.choices(topics, cum_weights=topic_weights, k=rng.randint(2, 5))
        )
        for topic in chosen_topics:
            topic.article_count += 1
        paragraphs = rng.sample(pool, rng.randint(4, 8))
        title = text.title()
        dek = " ".join(text.sentence(8, 16) for _ in range(rng.randint(1, 2)))[:300]
        names = sorted(topic.name for topic in chosen_topics)
        rows.append(
            Article(
                title=title,
                slug=f"{slugify(title)[:80]}-{n}",
                dek=dek,
                body="\n\n".join(p[0] for p in paragraphs),
                body_html="\n".join(p[1] for p in paragraphs),
                # What article_refresh_search_text would write (checked below).
                search_body=" ".join(p[2] for p in paragraphs),
                search_keywords=clean_text(" ".join([*names, writer.name])),
                contributor=writer,
                status=Article.Status.PUBLISHED,
                published_at=published,
                allow_comments=True,
                created_at=published,
                updated_at=published + timedelta(minutes=rng.randint(0, 600)),
            )
        )
        links.append((chosen_sections, chosen_topics))
    made = Article.objects.bulk_create(rows, batch_size=ROWS_PER_INSERT // 4)
    Article.categories.through.objects.bulk_create(
        (
            Article.categories.through(article_id=article.pk, category_id=section.pk)
            for article, (chosen, _) in zip(made, links, strict=True)
            for section in chosen
        ),
        batch_size=ROWS_PER_INSERT,
    )
    Article.tags.through.objects.bulk_create(
        (
            Article.tags.through(article_id=article.pk, tag_id=topic.pk)
            for article, (_, chosen) in zip(made, links, strict=True)
            for topic in chosen
        ),
        batch_size=ROWS_PER_INSERT,
    )
    return made


def _comment(text: _Text, article: Article, number: int, when, **fields) -> Comment:
    if not text.comment_pool:
        text.comment_pool = [
            " ".join(text.sentence() for _ in range(text.rng.randint(1, 4)))
            for _ in range(3000)
        ]
        # What Comment.save() would render, once per text of the pool.
        text.comment_html = [render_comment_text(body) for body in text.comment_pool]
    index = number % len(text.comment_pool)
    return Comment(
        article_id=article.pk,
        name=f"Reader {number}",
        email=f"reader{number % 5000}@readers.example",
        body=text.comment_pool[index],
        body_html=text.comment_html[index],
        status=Comment.Status.APPROVED,
        ip_address=f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}",
        user_agent="Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Firefox/130.0",
        created_at=when,
        moderated_at=when,
        **fields,
    )


def _comments(text: _Text, stories, count: int, *, exact: dict[int, int]) -> None:
    """`count` top-level approved comments; `exact` pins some articles' counts."""
    rng = text.rng
    fixed = sum(exact.values())
    others = [article for article in stories if article.pk not in exact]
    weights = _zipf_weights(len(others))
    # Busier articles are spread out, not all the newest.
    shuffled = others[:]
    rng.shuffle(shuffled)
    chosen = [
        *(pk for pk, n in exact.items() for _ in range(n)),
        *(
            a.pk
            for a in rng.choices(shuffled, cum_weights=weights, k=max(0, count - fixed))
        ),
    ]
    by_pk = {article.pk: article for article in stories}
    batch = []
    for number, pk in enumerate(chosen):
        article = by_pk[pk]
        when = article.published_at + timedelta(minutes=5 + number % 5000)
        batch.append(_comment(text, article, number, when))
        if len(batch) == ROWS_PER_INSERT:
            Comment.objects.bulk_create(batch)
            batch = []
    Comment.objects.bulk_create(batch)


def _thread(text: _Text, article: Article, count: int, max_depth: int) -> None:
    """`count` approved comments in threads, no deeper than `max_depth`.

    A parent is written before its replies (one INSERT per depth), so every
    reply knows its parent's id and is later than it.
    """
    rng = text.rng
    shape = []  # (index of parent or None, depth)
    for n in range(count):
        open_parents = [i for i in range(max(0, n - 40), n) if shape[i][1] < max_depth]
        if n == 0 or rng.random() < 0.4 or not open_parents:
            shape.append((None, 1))
        else:
            parent = rng.choice(open_parents)
            shape.append((parent, shape[parent][1] + 1))
    rows: list[Comment] = []
    for n, (_, depth) in enumerate(shape):
        when = article.published_at + timedelta(minutes=1 + n)
        rows.append(_comment(text, article, 900_000 + n, when, depth=depth))
    for depth in range(1, max_depth + 1):
        level = []
        for row, (parent, row_depth) in zip(rows, shape, strict=True):
            if row_depth == depth:
                row.parent_id = rows[parent].pk if parent is not None else None
                level.append(row)
        Comment.objects.bulk_create(level, batch_size=ROWS_PER_INSERT)


def _check(stories) -> None:
    """The derived columns equal what save() and the search service write."""
    for article in stories[:: max(1, len(stories) // 20)]:
        stored = Article.objects.get(pk=article.pk)
        assert stored.body_html == render_markdown(stored.body), stored.slug
    sample = Article.objects.filter(
        pk__in=[a.pk for a in stories[:: max(1, len(stories) // 50)]]
    )
    changed = article_refresh_search_text(articles=sample)
    assert changed == 0, f"{changed} articles' search text differs from the service's"
    comment = Comment.objects.order_by("?").first()
    if comment is not None:
        assert comment.body_html == render_comment_text(comment.body), comment.pk
