"""Read the demo content from the data files under demo/content/.

The files are described in demo/README.md. Everything is read once per process
and returned as frozen dataclasses, so callers cannot change what the next
caller sees. A file that does not follow the format raises ValueError naming
the file, instead of seeding something half-right.
"""

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

CONTENT_DIR = Path(__file__).resolve().parent / "content"

# Written by the article's own contributor, as a logged-in editor would.
STAFF = "staff"


@dataclass(frozen=True)
class Person:
    slug: str
    name: str
    byline_title: str
    bio: str
    website: str


@dataclass(frozen=True)
class Section:
    slug: str
    name: str
    description: str
    parent: str = ""


@dataclass(frozen=True)
class Label:
    slug: str
    name: str


@dataclass(frozen=True)
class Piece:
    slug: str
    title: str
    dek: str
    body: str
    contributor: str
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    # (days, hours) before the first run; a negative age schedules the
    # article that far ahead. None for a draft.
    age: tuple[int, int] | None
    format: str = "standard"
    views: int = 0
    image: bool = True
    caption: str = ""
    source: tuple[str, str] | None = None

    @property
    def is_draft(self) -> bool:
        return self.age is None


@dataclass(frozen=True)
class Content:
    desk: Person  # the editors' byline, linked to the admin user
    contributors: tuple[Person, ...]
    categories: tuple[Section, ...]  # parents before their children
    tags: tuple[Label, ...]
    articles: tuple[Piece, ...]


@dataclass(frozen=True)
class Reader:
    name: str
    email: str
    ip_address: str
    user_agent: str
    website: str = ""


@dataclass(frozen=True)
class Remark:
    by: str  # a key of Discussions.readers, or STAFF
    hours: float  # after the article's publication
    body: str
    status: str
    reason: str
    replies: tuple["Remark", ...] = ()


@dataclass(frozen=True)
class Discussions:
    readers: MappingProxyType[str, Reader]
    threads: MappingProxyType[str, tuple[Remark, ...]]  # by article slug

    @property
    def comment_count(self) -> int:
        """How many comments the demo holds, replies included."""

        def count(remarks) -> int:
            return sum(1 + count(item.replies) for item in remarks)

        return sum(count(remarks) for remarks in self.threads.values())


# The site: people, sections, tags and articles --------------------------------


@cache
def load_content(root: Path = CONTENT_DIR) -> Content:
    site = json.loads((root / "site.json").read_text(encoding="utf-8"))
    articles = sorted((root / "articles").glob("*.md"))
    return Content(
        desk=Person(**site["desk"]),
        contributors=tuple(Person(**row) for row in site["contributors"]),
        categories=tuple(Section(**row) for row in site["categories"]),
        tags=tuple(Label(**row) for row in site["tags"]),
        articles=tuple(read_article(path) for path in articles),
    )


ARTICLE_NAME = re.compile(r"\d+-(?P<slug>[a-z0-9-]+)\.md")
PUBLISHED = re.compile(r"(?P<ahead>in )?(?P<days>\d+)d (?P<hours>\d+)h(?P<ago> ago)?")
REQUIRED = {"title", "dek", "contributor", "categories", "tags", "published"}
OPTIONAL = {"format", "views", "image", "caption", "source_name", "source_url"}


def read_article(path: Path) -> Piece:
    """One article: `NN-<slug>.md`, a front-matter header, then Markdown."""
    name = ARTICLE_NAME.fullmatch(path.name)
    text = path.read_text(encoding="utf-8")
    opening, header, body = (text.split("---\n", 2) + ["", ""])[:3]
    if name is None or opening or not body.strip():
        raise ValueError(f"{path}: expected NN-<slug>.md with a --- header and a body")
    fields = _front_matter(path, header)
    source = None
    if "source_name" in fields or "source_url" in fields:
        source = (fields.get("source_name", ""), fields.get("source_url", ""))
    return Piece(
        slug=name["slug"],
        title=fields["title"],
        dek=fields["dek"],
        body=body.strip() + "\n",
        contributor=fields["contributor"],
        categories=_listed(fields["categories"]),
        tags=_listed(fields["tags"]),
        age=_age(path, fields["published"]),
        format=fields.get("format", "standard"),
        views=int(fields.get("views", "0")),
        image=fields.get("image", "yes") != "no",
        caption=fields.get("caption", ""),
        source=source,
    )


def _front_matter(path: Path, header: str) -> dict[str, str]:
    fields = {}
    for line in header.splitlines():
        key, colon, value = line.partition(":")
        if not colon or key not in REQUIRED | OPTIONAL or key in fields:
            raise ValueError(f"{path}: unexpected header line {line!r}")
        fields[key] = value.strip()
    if missing := REQUIRED - fields.keys():
        raise ValueError(f"{path}: missing {', '.join(sorted(missing))}")
    return fields


def _age(path: Path, published: str) -> tuple[int, int] | None:
    """`3d 5h ago` as (3, 5), `in 3d 0h` as (-3, 0), `draft` as None."""
    if published == "draft":
        return None
    match = PUBLISHED.fullmatch(published)
    if match is None or bool(match["ahead"]) == bool(match["ago"]):
        raise ValueError(f"{path}: published should read '3d 5h ago', 'in 3d 0h'")
    sign = -1 if match["ahead"] else 1
    return (sign * int(match["days"]), sign * int(match["hours"]))


def _listed(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(","))


# Reader comments --------------------------------------------------------------


@cache
def load_discussions(root: Path = CONTENT_DIR) -> Discussions:
    data = json.loads((root / "comments.json").read_text(encoding="utf-8"))
    agents = data["user_agents"]
    readers = {
        key: Reader(**{**row, "user_agent": agents[row["user_agent"]]})
        for key, row in data["readers"].items()
    }

    def remark(row: dict) -> Remark:
        return Remark(
            by=row["by"],
            hours=row["hours"],
            body=row["body"],
            status=row.get("status", "approved"),
            reason=row.get("reason", data["default_reason"]),
            replies=tuple(remark(reply) for reply in row.get("replies", ())),
        )

    threads = {
        slug: tuple(remark(row) for row in rows)
        for slug, rows in data["threads"].items()
    }
    return Discussions(
        readers=MappingProxyType(readers), threads=MappingProxyType(threads)
    )
