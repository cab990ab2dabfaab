"""`manage.py seed_demo`: fill the site with believable demo content.

Every object is keyed by its slug and created only when it is missing; rows
that exist are never touched, so a second run changes nothing (no new rows,
no new times, no redrawn pictures). The one exception is the admin user's
password, which `--admin-password` sets on every run where it differs.

One demo login per role is always created, with the fixed passwords in
DEMO_LOGINS (documented in the README, for local use only). A login that
exists is left exactly as it is: its password is never reset.

The text lives in data files under demo/content/ (read by demo/loader.py),
the reader comments are seeded by demo/discussions.py, and the pictures are
drawn by demo/pictures.py: nothing is downloaded.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles.models import Article, Category, Contributor, Tag
from articles.services import article_refresh_search_text
from demo.discussions import seed_demo_comments
from demo.loader import load_content, load_discussions
from demo.pictures import draw_avatar, draw_feature
from staff.onboarding import role_group

ADMIN_USERNAME = "admin"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    group: str
    profile: str  # slug of the demo contributor they write as; "" for none


DEMO_LOGINS = (
    DemoLogin("ines", "newsroom-contributor-demo", "Contributors", "ines-calloway"),
    DemoLogin("editor", "newsroom-editor-demo", "Editors", "ruth-okonkwo-hale"),
    DemoLogin("moderator", "newsroom-moderator-demo", "Moderators", ""),
)


class Command(BaseCommand):
    help = (
        "Create demo contributors, categories, tags and articles (idempotent), "
        "and optionally the superuser 'admin'."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--admin-password",
            metavar="PASSWORD",
            help=(
                f"Create the superuser '{ADMIN_USERNAME}' with this password, or "
                "reset its password if it exists. Checked against the password "
                "validators."
            ),
        )

    def handle(self, *args, admin_password=None, **options):
        admin = admin_state = None
        if admin_password is not None:
            # Checked before anything is written: a rejected password leaves
            # the database and the media folder as they were.
            admin = self._admin_candidate(admin_password)
        self.content = load_content()
        self.created = 0
        self.written = []
        try:
            with transaction.atomic():
                admin_state = self._seed(admin, admin_password)
        except BaseException:
            # Rolling back forgets the rows but not the files saved on the way.
            for storage, name in self.written:
                storage.delete(name)
            raise
        content = self.content
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {len(content.contributors)} contributors, "
                f"{len(content.categories)} categories, {len(content.tags)} tags, "
                f"{len(content.articles)} articles, "
                f"{load_discussions().comment_count} comments "
                f"({self.created} created this run)."
            )
        )
        logins = ", ".join(f"{login.username} ({login.group})" for login in DEMO_LOGINS)
        self.stdout.write(self.style.SUCCESS(f"Demo logins: {logins}."))
        if admin is not None:
            self.stdout.write(
                self.style.SUCCESS(f"Admin user '{ADMIN_USERNAME}' {admin_state}.")
            )

    def _seed(self, admin, admin_password):
        """Write everything that is missing; returns the admin user's state."""
        contributors = self._seed_contributors()
        categories = self._seed_categories()
        tags = self._seed_tags()
        self._seed_articles(contributors, categories, tags)
        demo_articles = Article.objects.filter(
            slug__in=[piece.slug for piece in self.content.articles]
        )
        # Writes only rows whose search text is missing or stale.
        article_refresh_search_text(articles=demo_articles)
        self.created += seed_demo_comments(
            articles=demo_articles.select_related("contributor__user")
        )
        # After the comments: the demo's staff replies stay as they were
        # before these logins existed.
        self._seed_demo_logins(contributors)
        if admin is None:
            return None
        return self._seed_admin(admin, admin_password)

    # The admin user ------------------------------------------------------

    def _admin_candidate(self, password):
        """The existing admin user, or an unsaved one, once `password` passes."""
        user_model = get_user_model()
        username_field = user_model.USERNAME_FIELD
        user = user_model._default_manager.filter(
            **{username_field: ADMIN_USERNAME}
        ).first()
        if user is None:
            user = user_model(**{username_field: ADMIN_USERNAME})
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(
                "The admin password was rejected: " + " ".join(error.messages)
            ) from None
        return user

    def _seed_admin(self, user, password):
        if user.pk is None:
            user.set_password(password)
            user.is_staff = user.is_superuser = user.is_active = True
            user.save()
            state = "created"
        elif (
            user.is_staff
            and user.is_superuser
            and user.is_active
            and user.check_password(password)
        ):
            # Re-hashing the same password would change the row for nothing.
            state = "unchanged"
        else:
            user.set_password(password)
            user.is_staff = user.is_superuser = user.is_active = True
            user.save()
            state = "updated"
        self._seed_desk(user)
        return state

    def _seed_desk(self, user):
        """Give the admin a byline of their own, unless they already have one."""
        if Contributor.objects.filter(user=user).exists():
            return
        desk = Contributor.objects.filter(slug=self.content.desk.slug).first()
        if desk is None:
            self._create_contributor(self.content.desk, user=user)
        elif desk.user_id is None:
            # The admin user was deleted and made again: the desk's link went
            # with it (SET_NULL), and is the one thing worth restoring.
            desk.user = user
            desk.save(update_fields=["user"])
        else:
            self.stderr.write(
                self.style.WARNING(
                    f"The contributor '{desk.slug}' belongs to another user; "
                    f"'{ADMIN_USERNAME}' has no byline of their own."
                )
            )

    # Demo logins, one per role ---------------------------------------------

    def _seed_demo_logins(self, contributors):
        user_model = get_user_model()
        username_field = user_model.USERNAME_FIELD
        for login in DEMO_LOGINS:
            if user_model._default_manager.filter(
                **{username_field: login.username}
            ).exists():
                continue
            user = user_model(
                **{username_field: login.username},
                email=f"{login.username}@example.com",
                is_staff=True,
                is_active=True,
            )
            user.set_password(login.password)
            user.save()
            user.groups.add(role_group(login.group))
            self.created += 1
            profile = contributors.get(login.profile)
            if profile is not None and profile.user_id is None:
                profile.user = user
                profile.save(update_fields=["user"])

    # Content ---------------------------------------------------------------

    def _seed_contributors(self):
        people = self.content.contributors
        existing = Contributor.objects.in_bulk(
            [person.slug for person in people], field_name="slug"
        )
        return {
            person.slug: existing.get(person.slug) or self._create_contributor(person)
            for person in people
        }

    def _create_contributor(self, person, *, user=None):
        contributor = Contributor(
            user=user,
            name=person.name,
            slug=person.slug,
            byline_title=person.byline_title,
            bio=person.bio,
            website=person.website,
        )
        avatar = draw_avatar(person.slug, person.name)
        self._save_file(contributor.avatar, f"{person.slug}.png", avatar.content)
        contributor.save()
        self.created += 1
        return contributor

    def _seed_categories(self):
        categories = {}
        # Parents come first in the data file, so they exist when needed.
        for section in self.content.categories:
            category = self._find(Category, section.slug, section.name)
            if category is None:
                category = Category.objects.create(
                    name=section.name,
                    slug=section.slug,
                    description=section.description,
                    parent=categories[section.parent] if section.parent else None,
                )
                self.created += 1
            categories[section.slug] = category
        return categories

    def _seed_tags(self):
        tags = {}
        for label in self.content.tags:
            tag = self._find(Tag, label.slug, label.name)
            if tag is None:
                tag = Tag.objects.create(name=label.name, slug=label.slug)
                self.created += 1
            tags[label.slug] = tag
        return tags

    @staticmethod
    def _find(model, slug, name):
        # Names are unique too: an editor may have made "AI" by hand under
        # another slug, and a second "AI" would break the unique constraint.
        return (
            model.objects.filter(slug=slug).first()
            or model.objects.filter(name=name).first()
        )

    def _seed_articles(self, contributors, categories, tags):
        pieces = self.content.articles
        existing = set(
            Article.objects.filter(
                slug__in=[piece.slug for piece in pieces]
            ).values_list("slug", flat=True)
        )
        now = timezone.now()
        for piece in pieces:
            if piece.slug in existing:
                continue
            article = Article(
                title=piece.title,
                slug=piece.slug,
                dek=piece.dek,
                body=piece.body,
                format=piece.format,
                contributor=contributors[piece.contributor],
                view_count=piece.views,
            )
            if piece.is_draft:
                article.status = Article.Status.DRAFT
            else:
                days, hours = piece.age
                article.status = Article.Status.PUBLISHED
                article.published_at = now - timedelta(days=days, hours=hours)
            if piece.source:
                article.source_name, article.source_url = piece.source
            if piece.image:
                label = categories[piece.categories[0]].name
                picture = draw_feature(piece.slug, label=label)
                self._save_file(
                    article.featured_image, f"{piece.slug}.jpg", picture.content
                )
                article.featured_image_alt = picture.description
                article.featured_image_caption = piece.caption
            article.save()
            article.categories.set([categories[slug] for slug in piece.categories])
            article.tags.set([tags[slug] for slug in piece.tags])
            self.created += 1

    def _save_file(self, field_file, name, data):
        field_file.save(name, ContentFile(data, name=name), save=False)
        self.written.append((field_file.storage, field_file.name))
