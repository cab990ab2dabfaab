"""Renditions and clean copies of uploaded pictures, and the <picture> pages show.

Rendition files are written when the transaction commits, so uploads run
inside django_capture_on_commit_callbacks(execute=True), as a real request's
transaction would end.
"""

import io
import mimetypes
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.views.static import serve
from PIL import ExifTags, Image, ImageCms

from articles.models import Article, Contributor
from tests.pictures.test_images import ADD_URL, article_form, stored_files, upload

RED, BLUE = (220, 20, 20), (20, 20, 220)
READER_UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """A fresh upload directory per test, so every stored file can be listed."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def picture_bytes(fmt="JPEG", size=(1600, 900), mode="RGB", **save_options) -> bytes:
    """A picture whose left half is red and right half blue."""
    colour = (*RED, 255) if mode == "RGBA" else RED
    image = Image.new(mode, size, (*BLUE, 128) if mode == "RGBA" else BLUE)
    image.paste(colour, (0, 0, size[0] // 2, size[1]))
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **save_options)
    return buffer.getvalue()


def phone_photo() -> bytes:
    """A 300×200 JPEG stored sideways, as phones do, with GPS, XMP and a comment.

    Orientation 6 means "turn 90° clockwise to view": the red left half of
    the stored pixels is the top of the picture people see.
    """
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneCo"
    exif[ExifTags.Base.Model] = "Pocket 9"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (51.0, 30.0, 12.0),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (0.0, 7.0, 40.0),
    }
    return picture_bytes(
        size=(300, 200),
        exif=exif,
        comment=b"home address in a comment",
        xmp=b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>owner-name</x:xmpmeta>",
    )


def post_article(admin_client, django_capture_on_commit_callbacks, picture, **form):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            ADD_URL,
            article_form(
                form.pop("contributor"),
                featured_image=picture,
                featured_image_alt="Red and blue halves",
                **form,
            ),
        )
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Article.objects.get()


@pytest.fixture
def add_article(admin_client, contributor, django_capture_on_commit_callbacks):
    def add(picture, **form):
        return post_article(
            admin_client,
            django_capture_on_commit_callbacks,
            picture,
            contributor=contributor,
            **form,
        )

    return add


def expected_renditions(name, widths_and_heights, formats):
    stem, extension = name.rsplit(".", 1)
    extensions = {"webp": "webp", "jpeg": "jpg", "png": "png"}
    return [
        {
            "width": width,
            "height": height,
            "format": fmt,
            "name": f"{stem}-{width}w.{extensions[fmt]}",
        }
        for fmt in formats
        for width, height in widths_and_heights
    ]


def opened(media_root, name):
    with Image.open(media_root / name) as image:
        image.load()
        return image


# What is stored ------------------------------------------------------------------


def test_jpeg_upload_gets_webp_and_jpeg_renditions_at_three_widths(
    add_article, media_root
):
    article = add_article(upload("photo.jpg", picture_bytes(), "image/jpeg"))

    name = article.featured_image.name
    assert name.endswith(".jpg")
    assert (article.featured_image_width, article.featured_image_height) == (1600, 900)
    assert article.featured_image_renditions == expected_renditions(
        name, [(400, 225), (800, 450), (1200, 675)], ["webp", "jpeg"]
    )
    assert stored_files(media_root) == sorted(
        [name, *(r["name"] for r in article.featured_image_renditions)]
    )
    for rendition in article.featured_image_renditions:
        image = opened(media_root, rendition["name"])
        assert image.format == rendition["format"].upper()
        assert image.size == (rendition["width"], rendition["height"])


def test_png_upload_is_never_upscaled_and_keeps_its_transparency(
    add_article, media_root
):
    article = add_article(
        upload("logo.png", picture_bytes("PNG", size=(1000, 500), mode="RGBA"))
    )

    name = article.featured_image.name
    assert article.featured_image_renditions == expected_renditions(
        name, [(400, 200), (800, 400)], ["webp", "png"]
    )
    for rendition in article.featured_image_renditions:
        image = opened(media_root, rendition["name"])
        assert (image.format, image.mode) == (rendition["format"].upper(), "RGBA")
        assert image.getpixel((image.width - 1, 0))[3] == 128


def test_picture_narrower_than_400_pixels_gets_one_rendition_at_its_own_width(
    add_article, media_root
):
    article = add_article(upload("small.png", picture_bytes("PNG", size=(64, 48))))

    assert article.featured_image_renditions == expected_renditions(
        article.featured_image.name, [(64, 48)], ["webp", "png"]
    )
    assert len(stored_files(media_root)) == 3


def test_animated_gif_is_stored_as_its_first_frame_in_png(add_article, media_root):
    buffer = io.BytesIO()
    Image.new("RGB", (500, 300), RED).save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=[Image.new("RGB", (500, 300), BLUE)],
    )

    article = add_article(upload("moving.gif", buffer.getvalue(), "image/gif"))

    name = article.featured_image.name
    assert name.endswith(".png")
    stored = opened(media_root, name)
    assert (stored.format, stored.size, getattr(stored, "n_frames", 1)) == (
        "PNG",
        (500, 300),
        1,
    )
    assert stored.convert("RGB").getpixel((10, 10)) == RED
    assert article.featured_image_renditions == expected_renditions(
        name, [(400, 240)], ["webp", "png"]
    )


def test_webp_upload_gets_webp_renditions_only(add_article):
    article = add_article(
        upload("photo.webp", picture_bytes("WEBP", size=(900, 600)), "image/webp")
    )

    assert article.featured_image.name.endswith(".webp")
    assert article.featured_image_renditions == expected_renditions(
        article.featured_image.name, [(400, 267), (800, 533)], ["webp"]
    )


def test_stored_extension_is_the_real_format_not_the_uploaded_name(
    add_article, media_root
):
    article = add_article(upload("photo.png", picture_bytes(size=(500, 300))))

    name = article.featured_image.name
    assert name.endswith(".jpg")
    assert mimetypes.guess_type(name) == ("image/jpeg", None)
    assert opened(media_root, name).format == "JPEG"


def unusual_picture(mode, fmt, **save_options) -> bytes:
    image = Image.new(mode, (500, 300))
    if mode == "P":
        image.putpalette([value % 256 for value in range(768)])
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **save_options)
    return buffer.getvalue()


UNUSUAL = {
    "cmyk-jpeg": ("CMYK", "JPEG", {}, (255, 255, 255, 255)),
    "grey-jpeg": ("L", "JPEG", {}, (0, 0, 0, 255)),
    "palette-png-transparent": ("P", "PNG", {"transparency": 0}, (0, 0, 0, 0)),
    "rgb-png-colour-key": ("RGB", "PNG", {"transparency": (0, 0, 0)}, (0, 0, 0, 0)),
    "grey-alpha-png": ("LA", "PNG", {}, (0, 0, 0, 0)),
    "16-bit-grey-png": ("I;16", "PNG", {}, (0, 0, 0, 255)),
    "1-bit-png": ("1", "PNG", {}, (0, 0, 0, 255)),
    "transparent-gif": ("P", "GIF", {"transparency": 0}, (0, 0, 0, 0)),
}


@pytest.mark.parametrize(
    ("mode", "fmt", "options", "corner"), UNUSUAL.values(), ids=UNUSUAL
)
def test_unusual_colour_modes_are_stored_with_renditions_and_transparency_kept(
    add_article, media_root, mode, fmt, options, corner
):
    article = add_article(
        upload(f"odd.{fmt.lower()}", unusual_picture(mode, fmt, **options))
    )

    assert len(article.featured_image_renditions) == 2
    for rendition in article.featured_image_renditions:
        image = opened(media_root, rendition["name"]).convert("RGBA")
        assert image.getpixel((0, 0)) == corner, rendition["name"]


def test_every_stored_file_is_served_with_the_type_of_its_real_format(
    add_article, media_root, rf
):
    add_article(upload("photo.png", picture_bytes(size=(500, 300))))
    mime_types = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}

    names = stored_files(media_root)
    assert len(names) == 3
    for name in names:
        # What `make run` serves uploads with; web servers map extensions alike.
        response = serve(rf.get(f"/media/{name}"), name, document_root=media_root)
        assert response["Content-Type"] == mime_types[opened(media_root, name).format]


def test_exif_orientation_is_applied_and_the_stored_size_swapped(
    add_article, media_root
):
    article = add_article(upload("phone.jpg", phone_photo(), "image/jpeg"))

    assert (article.featured_image_width, article.featured_image_height) == (200, 300)
    stored = opened(media_root, article.featured_image.name)
    assert stored.size == (200, 300)
    top, bottom = stored.getpixel((100, 20)), stored.getpixel((100, 280))
    assert top[0] > 180 and top[2] < 60, top
    assert bottom[2] > 180 and bottom[0] < 60, bottom
    assert article.featured_image_renditions == expected_renditions(
        article.featured_image.name, [(200, 300)], ["webp", "jpeg"]
    )


def test_gps_exif_xmp_and_comments_are_gone_from_original_and_renditions(
    add_article, media_root
):
    article = add_article(upload("phone.jpg", phone_photo(), "image/jpeg"))

    names = stored_files(media_root)
    assert len(names) == 3
    for name in names:
        content = (media_root / name).read_bytes()
        for secret in [b"Exif", b"PhoneCo", b"Pocket 9", b"home address", b"owner"]:
            assert secret not in content, (name, secret)
        image = opened(media_root, name)
        assert dict(image.getexif()) == {}, name
        assert not {"exif", "xmp", "comment"} & set(image.info), name
    assert article.featured_image_renditions != []


def test_colour_profile_is_kept(add_article, media_root):
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()

    article = add_article(
        upload("tagged.jpg", picture_bytes(size=(500, 300), icc_profile=srgb))
    )

    for name in stored_files(media_root):
        assert opened(media_root, name).info.get("icc_profile") == srgb, name
    assert len(article.featured_image_renditions) == 2


def test_avatar_gets_renditions_too(
    admin_client, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:articles_contributor_add"),
            {
                "name": "Grace Hopper",
                "slug": "grace",
                "byline_title": "Contributor",
                "user": "",
                "bio": "",
                "avatar": upload("face.png", picture_bytes("PNG", size=(512, 512))),
                "website": "",
            },
        )

    assert response.status_code == 302
    contributor = Contributor.objects.get()
    assert (contributor.avatar_width, contributor.avatar_height) == (512, 512)
    assert contributor.avatar_renditions == expected_renditions(
        contributor.avatar.name, [(400, 400)], ["webp", "png"]
    )
    assert len(stored_files(media_root)) == 3


def test_replacing_a_picture_deletes_the_old_one_and_its_renditions(
    admin_client, add_article, media_root, django_capture_on_commit_callbacks
):
    old = add_article(upload("old.jpg", picture_bytes(size=(900, 500))))

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:articles_article_change", args=[old.pk]),
            article_form(
                old.contributor,
                featured_image=upload("new.png", picture_bytes("PNG", (500, 300))),
                featured_image_alt="A new picture",
            ),
        )

    assert response.status_code == 302
    article = Article.objects.get()
    assert article.featured_image.name.endswith(".png")
    assert (article.featured_image_width, article.featured_image_height) == (500, 300)
    assert stored_files(media_root) == sorted(
        [
            article.featured_image.name,
            *(r["name"] for r in article.featured_image_renditions),
        ]
    )


def test_clearing_a_picture_deletes_it_and_its_renditions(
    admin_client, add_article, media_root, django_capture_on_commit_callbacks
):
    old = add_article(upload("old.jpg", picture_bytes(size=(900, 500))))

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:articles_article_change", args=[old.pk]),
            article_form(old.contributor, **{"featured_image-clear": "on"}),
        )

    assert response.status_code == 302
    article = Article.objects.get()
    assert article.featured_image.name == ""
    assert article.featured_image_renditions == []
    assert (article.featured_image_width, article.featured_image_height) == (
        None,
        None,
    )
    assert stored_files(media_root) == []


def test_replacing_a_picture_from_code_deletes_the_old_one_too(
    make_article, png_upload, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_article(featured_image=png_upload(size=(500, 300)))
    # Loaded without its renditions column, as a script might.
    article = Article.objects.only("pk", "slug", "featured_image").get()

    with django_capture_on_commit_callbacks(execute=True):
        article.featured_image.save(
            "new.jpg", ContentFile(picture_bytes(size=(450, 300)), name="new.jpg")
        )

    article = Article.objects.get()
    assert article.featured_image.name.endswith(".jpg")
    assert (article.featured_image_width, article.featured_image_height) == (450, 300)
    assert stored_files(media_root) == sorted(
        [
            article.featured_image.name,
            *(r["name"] for r in article.featured_image_renditions),
        ]
    )
    assert len(article.featured_image_renditions) == 2


def test_a_rolled_back_save_writes_no_renditions(
    make_article, media_root, png_upload, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            make_article(featured_image=png_upload(size=(500, 300)))
            raise RuntimeError("something later in the same transaction failed")

    # The original is written during the save (as Django always does); the
    # renditions would only have been written on commit.
    assert Article.objects.count() == 0
    assert len(stored_files(media_root)) == 1


# Pages ----------------------------------------------------------------------------


def picture_html(html: str) -> list[str]:
    return re.findall(r"<picture>.*?</picture>|<img [^>]*>", html, re.S)


def test_article_page_shows_a_picture_with_srcsets_sizes_and_high_priority(
    client, add_article
):
    article = add_article(
        upload("photo.jpg", picture_bytes()), status=Article.Status.PUBLISHED
    )
    url = default_storage.url
    stem = article.featured_image.name.rsplit(".", 1)[0]

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    sizes = "(min-width: 768px) 736px, 100vw"
    webp = ", ".join(f"{url(f'{stem}-{w}w.webp')} {w}w" for w in (400, 800, 1200))
    jpeg = ", ".join(f"{url(f'{stem}-{w}w.jpg')} {w}w" for w in (400, 800, 1200))
    assert picture_html(response.content.decode()) == [
        f'<picture><source type="image/webp" srcset="{webp}" sizes="{sizes}">'
        f'<img class="figure-img img-fluid rounded w-100" '
        f'src="{article.featured_image.url}" srcset="{jpeg}" sizes="{sizes}" '
        f'alt="Red and blue halves" width="1600" height="900" fetchpriority="high">'
        f"</picture>"
    ]


def test_listing_gives_priority_to_the_first_card_and_lazy_loads_the_rest(
    client, make_article, png_upload, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for slug in ["older", "newer"]:
            make_article(
                slug=slug,
                featured_image=png_upload(size=(800, 450)),
                featured_image_alt="Red",
            )

    response = client.get("/")

    pictures = picture_html(response.content.decode())
    assert len(pictures) == 2
    first, second = pictures
    assert 'sizes="(min-width: 1400px) 440px, (min-width: 576px) 34vw, 100vw"' in first
    assert ' width="800" height="450" fetchpriority="high">' in first
    assert "loading=" not in first
    assert ' width="800" height="450" loading="lazy" decoding="async">' in second
    assert "fetchpriority" not in second
    for picture in pictures:
        assert picture.count(" 400w, ") == 2
        assert picture.count(' 800w"') == 2


def test_contributor_page_shows_the_avatar_at_its_display_size(
    client, contributor, png_upload, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        contributor.avatar = png_upload(size=(300, 300))
        contributor.save()
    png = default_storage.url(contributor.avatar_renditions[1]["name"])

    response = client.get(contributor.get_absolute_url())

    (avatar,) = picture_html(response.content.decode())
    assert (
        f'<img class="avatar rounded-circle" src="{contributor.avatar.url}" '
        f'srcset="{png} 300w" sizes="120px" alt="Portrait of Ada Reporter" '
        'width="120" height="120">'
    ) in avatar


def stored_without_renditions(name: str, content: bytes | None) -> str:
    """Store `content` as it is (as older code did), or nothing for a missing file."""
    if content is None:
        return name
    return default_storage.save(name, ContentFile(content))


def test_row_without_renditions_gets_a_plain_img_of_the_original(client, make_article):
    name = stored_without_renditions("articles/old.jpg", picture_bytes())
    article = make_article(
        slug="old",
        featured_image=name,
        featured_image_alt="Old picture",
        featured_image_width=1600,
        featured_image_height=900,
    )

    response = client.get("/articles/old/")

    assert picture_html(response.content.decode()) == [
        f'<img class="figure-img img-fluid rounded w-100" '
        f'src="{article.featured_image.url}" alt="Old picture" '
        'width="1600" height="900" fetchpriority="high">'
    ]


BROKEN = {
    "missing-file": (None, []),
    "missing-file-and-renditions": (
        None,
        [{"width": 400, "height": 300, "format": "webp", "name": "articles/gone.webp"}],
    ),
    "text-file": (b"not a picture at all", []),
    "truncated-jpeg": (picture_bytes()[:5000], []),
    "malformed-renditions": (b"", [{"width": "wide"}, "junk", {"name": 5}, None]),
    "renditions-not-a-list": (b"", {"width": 400}),
}


@pytest.mark.parametrize(("content", "renditions"), BROKEN.values(), ids=BROKEN)
def test_missing_or_corrupt_pictures_never_break_a_page(
    client, make_article, contributor, content, renditions
):
    # Sizes left empty: Django would measure the file whenever a row loads.
    article = make_article(
        slug="broken",
        featured_image=stored_without_renditions("articles/broken.jpg", content),
        featured_image_alt="Broken",
        featured_image_renditions=renditions,
    )
    contributor.avatar = stored_without_renditions("avatars/broken.png", content)
    contributor.avatar_renditions = renditions
    contributor.save()

    for url in ["/", article.get_absolute_url(), contributor.get_absolute_url()]:
        response = client.get(url, HTTP_USER_AGENT=READER_UA)
        assert response.status_code == 200, url
        assert f'src="{article.featured_image.url}"' in response.content.decode()


def test_renditions_add_no_queries_to_a_listing(client, make_article, png_upload):
    for number in range(3):
        make_article(slug=f"plain-{number}")
    with CaptureQueriesContext(connection) as plain:
        client.get("/", HTTP_USER_AGENT=READER_UA)
    for article in Article.objects.all():
        article.featured_image = png_upload(size=(800, 450))
        article.featured_image_alt = "Red"
        article.save()

    with CaptureQueriesContext(connection) as pictured:
        response = client.get("/", HTTP_USER_AGENT=READER_UA)

    assert len(picture_html(response.content.decode())) == 3
    assert len(pictured) == len(plain)


# make_renditions ------------------------------------------------------------------


def make_renditions(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("make_renditions", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def old_rows(make_article, contributor):
    """An article and an avatar stored before renditions: raw bytes, no sizes."""
    article = make_article(
        slug="old",
        featured_image=stored_without_renditions("articles/old.jpg", phone_photo()),
        featured_image_alt="Old",
    )
    contributor.avatar = stored_without_renditions(
        "avatars/old.png", picture_bytes("PNG", size=(256, 256))
    )
    contributor.save()
    return article, contributor


def snapshot(media_root):
    return {
        name: (media_root / name).stat().st_mtime_ns
        for name in stored_files(media_root)
    }


def test_make_renditions_fills_rows_stored_before_renditions(old_rows, media_root):
    article, contributor = old_rows
    updated_at = Article.objects.get().updated_at

    out, err = make_renditions()

    assert (out, err) == (
        "Avatars: 1 made, 0 already complete, 0 skipped.\n"
        "Featured images: 1 made, 0 already complete, 0 skipped.\n",
        "",
    )
    article = Article.objects.get()
    # Sizes of the upright picture: the old file was stored sideways.
    assert (article.featured_image_width, article.featured_image_height) == (200, 300)
    assert article.featured_image_renditions == expected_renditions(
        "articles/old.jpg", [(200, 300)], ["webp", "jpeg"]
    )
    assert article.updated_at == updated_at
    contributor.refresh_from_db()
    assert (contributor.avatar_width, contributor.avatar_height) == (256, 256)
    assert contributor.avatar_renditions == expected_renditions(
        "avatars/old.png", [(256, 256)], ["webp", "png"]
    )
    assert stored_files(media_root) == sorted(
        [
            "articles/old.jpg",
            "avatars/old.png",
            *(r["name"] for r in article.featured_image_renditions),
            *(r["name"] for r in contributor.avatar_renditions),
        ]
    )
    exif = opened(media_root, article.featured_image_renditions[0]["name"]).getexif()
    assert dict(exif) == {}


def test_make_renditions_twice_changes_nothing_the_second_time(old_rows, media_root):
    make_renditions()
    files = snapshot(media_root)
    rows = list(Article.objects.values()), list(Contributor.objects.values())

    out, err = make_renditions()

    assert (out, err) == (
        "Avatars: 0 made, 1 already complete, 0 skipped.\n"
        "Featured images: 0 made, 1 already complete, 0 skipped.\n",
        "",
    )
    assert snapshot(media_root) == files
    assert (list(Article.objects.values()), list(Contributor.objects.values())) == rows


def test_make_renditions_remakes_a_lost_rendition_file(old_rows, media_root):
    make_renditions()
    lost = Article.objects.get().featured_image_renditions[0]["name"]
    (media_root / lost).unlink()

    out, _ = make_renditions()

    assert out.splitlines()[1] == (
        "Featured images: 1 made, 0 already complete, 0 skipped."
    )
    listed = Article.objects.get().featured_image_renditions
    assert sorted(stored_files(media_root)) == sorted(
        [
            "articles/old.jpg",
            *(r["name"] for r in listed),
            *(r["name"] for r in Contributor.objects.get().avatar_renditions),
            "avatars/old.png",
        ]
    )


def test_make_renditions_force_remakes_every_set_and_removes_the_old_one(
    old_rows, media_root
):
    make_renditions()
    before = len(stored_files(media_root))

    out, _ = make_renditions("--force")

    assert out == (
        "Avatars: 1 made, 0 already complete, 0 skipped.\n"
        "Featured images: 1 made, 0 already complete, 0 skipped.\n"
    )
    listed = [
        *Article.objects.get().featured_image_renditions,
        *Contributor.objects.get().avatar_renditions,
    ]
    assert len(stored_files(media_root)) == before
    assert stored_files(media_root) == sorted(
        ["articles/old.jpg", "avatars/old.png", *(r["name"] for r in listed)]
    )


def test_make_renditions_skips_a_missing_file_and_goes_on(
    make_article, old_rows, media_root
):
    make_article(
        slug="lost", featured_image="articles/lost.jpg", featured_image_alt="x"
    )
    lost = Article.objects.get(slug="lost")

    out, err = make_renditions()

    assert out == (
        "Avatars: 1 made, 0 already complete, 0 skipped.\n"
        "Featured images: 1 made, 0 already complete, 1 skipped.\n"
    )
    assert err == (
        f"Skipped article {lost.pk}: cannot read articles/lost.jpg "
        "(FileNotFoundError).\n"
    )
    assert Article.objects.get(slug="lost").featured_image_renditions == []
