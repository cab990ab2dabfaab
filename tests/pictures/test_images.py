"""Featured images: uploads through the admin, and the validator behind them.

Every rejected upload must leave nothing behind: no article row, no file.
"""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Article, Contributor
from pictures.fields import validate_image_upload
from tests.conftest import image_bytes

NBSP = "\N{NO-BREAK SPACE}"
NOT_AN_IMAGE = (
    "This file is not an image we can read. Upload a JPEG, PNG, GIF or WebP file."
)
TOO_MANY_PIXELS_TO_PROCESS = "This image has too many pixels to process safely."
ALT_REQUIRED = "Describe the featured image: alt text is required with an image."
ADD_URL = reverse("admin:articles_article_add")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """A fresh upload directory per test, so "nothing stored" can be checked."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media_root):
    return sorted(
        path.relative_to(media_root).as_posix()
        for path in media_root.rglob("*")
        if path.is_file()
    )


def png_declaring(width, height):
    """A valid 1-bit PNG of `width`×`height` black pixels, compressed to a few KB.

    Built row by row, so even a 400-megapixel bomb costs no memory to make.
    """

    def chunk(kind, data):
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    row = b"\0" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(row) for _ in range(height))
    pixels += compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def multi_picture_jpeg():
    """A JPEG with a second picture appended (MPF), as many phones and cameras save."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(
        buffer,
        format="MPO",
        save_all=True,
        append_images=[Image.new("RGB", (32, 24), (0, 0, 0))],
    )
    return buffer.getvalue()


def jpeg_with_detail():
    """A JPEG with enough detail that cutting it short loses scan data."""
    image = Image.new("RGB", (300, 200), (200, 30, 30))
    for x in range(0, 300, 3):
        image.paste((x % 256, 90, 255 - x % 256), (x, 0, x + 1, 200))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG")
    return buffer.getvalue()


def upload(name, content, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def article_form(contributor, **overrides):
    """Every field of the admin's add form, for a draft with no image."""
    data = {
        "title": "Photo story",
        "slug": "photo-story",
        "dek": "",
        "body": "A picture is worth *words*.",
        "featured_image_alt": "",
        "featured_image_caption": "",
        "status": Article.Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "contributor": contributor.pk,
        "format": Article.Format.IMAGE,
        "allow_comments": "on",
        "source_name": "",
        "source_url": "",
    }
    data.update(overrides)
    return data


def form_errors(response):
    return dict(response.context["adminform"].form.errors)


def assert_rejected(response, media_root, field, message):
    assert response.status_code == 200
    assert form_errors(response) == {field: [message]}
    assert message in response.content.decode()
    assert Article.objects.count() == 0
    assert stored_files(media_root) == []


# Through the admin


def test_valid_png_with_alt_text_is_saved_with_its_dimensions(
    admin_client, contributor, media_root
):
    content = image_bytes(size=(64, 48))

    response = admin_client.post(
        ADD_URL,
        article_form(
            contributor,
            featured_image=upload("photo.png", content),
            featured_image_alt="A red rectangle",
            featured_image_caption="Red, seen from the front.",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_article_changelist")
    article = Article.objects.get()
    assert article.slug == "photo-story"
    assert article.featured_image_alt == "A red rectangle"
    assert article.featured_image_caption == "Red, seen from the front."
    assert (article.featured_image_width, article.featured_image_height) == (64, 48)
    # Renditions are written when the transaction commits, which the test's
    # own transaction never does: see tests/pictures/test_renditions.py.
    assert stored_files(media_root) == [article.featured_image.name]
    assert article.featured_image.name.startswith("articles/")
    assert article.featured_image.name.endswith(".png")
    # Stored re-encoded, not as uploaded: the same pixels in a clean file.
    with article.featured_image.open("rb") as stored, Image.open(stored) as image:
        assert (image.format, image.size) == ("PNG", (64, 48))
        assert image.convert("RGB").getpixel((0, 0)) == (200, 30, 30)


@pytest.mark.parametrize(
    ("fmt", "extension"), [("JPEG", "jpg"), ("GIF", "png"), ("WEBP", "webp")]
)
def test_other_accepted_formats_are_saved(
    admin_client, contributor, media_root, fmt, extension
):
    response = admin_client.post(
        ADD_URL,
        article_form(
            contributor,
            featured_image=upload(f"photo.{fmt.lower()}", image_bytes(fmt=fmt)),
            featured_image_alt="A red rectangle",
        ),
    )

    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.featured_image_width, article.featured_image_height) == (64, 48)
    assert stored_files(media_root) == [article.featured_image.name]
    # A GIF is stored as a PNG: the name tells the real format.
    assert article.featured_image.name.endswith(f".{extension}")


def test_valid_image_without_alt_text_is_rejected_and_nothing_stored(
    admin_client, contributor, media_root
):
    response = admin_client.post(
        ADD_URL,
        article_form(contributor, featured_image=upload("photo.png", image_bytes())),
    )

    assert_rejected(response, media_root, "featured_image_alt", ALT_REQUIRED)


def test_text_file_named_png_is_rejected_as_unreadable(
    admin_client, contributor, media_root
):
    response = admin_client.post(
        ADD_URL,
        article_form(
            contributor,
            featured_image=upload("photo.png", b"Not a picture, just words.\n"),
            featured_image_alt="A photo",
        ),
    )

    assert_rejected(response, media_root, "featured_image", NOT_AN_IMAGE)


def test_truncated_png_is_rejected_as_unreadable(admin_client, contributor, media_root):
    content = image_bytes()

    response = admin_client.post(
        ADD_URL,
        article_form(
            contributor,
            featured_image=upload("photo.png", content[: len(content) // 2]),
            featured_image_alt="A photo",
        ),
    )

    assert_rejected(response, media_root, "featured_image", NOT_AN_IMAGE)


def test_truncated_jpeg_is_rejected_as_unreadable(
    admin_client, contributor, media_root
):
    # Pillow's verify() passes a JPEG cut short; decoding it does not.
    content = jpeg_with_detail()

    response = admin_client.post(
        ADD_URL,
        article_form(
            contributor,
            featured_image=upload(
                "photo.jpg", content[: len(content) // 2], "image/jpeg"
            ),
            featured_image_alt="A photo",
        ),
    )

    assert_rejected(response, media_root, "featured_image", NOT_AN_IMAGE)


def test_svg_is_rejected_as_unreadable(admin_client, contributor, media_root):
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(1)</script></svg>"
    )

    response = admin_client.post(
        ADD_URL,
        article_form(
            contributor,
            featured_image=upload("logo.svg", svg, "image/svg+xml"),
            featured_image_alt="Logo",
        ),
    )

    assert_rejected(response, media_root, "featured_image", NOT_AN_IMAGE)


@pytest.mark.parametrize("fmt", ["BMP", "TIFF"])
def test_readable_image_in_another_format_is_rejected_by_name(
    admin_client, contributor, media_root, fmt
):
    response = admin_client.post(
        ADD_URL,
        article_form(
            contributor,
            featured_image=upload(f"photo.{fmt.lower()}", image_bytes(fmt=fmt)),
            featured_image_alt="A photo",
        ),
    )

    assert_rejected(
        response,
        media_root,
        "featured_image",
        f"{fmt} images are not accepted. Upload a JPEG, PNG, GIF or WebP file.",
    )


def test_image_over_the_lowered_size_limit_is_rejected(
    admin_client, contributor, media_root, settings
):
    settings.NEWSROOM_MAX_IMAGE_BYTES = 100
    content = image_bytes()
    assert 100 < len(content) < 1024

    response = admin_client.post(
        ADD_URL,
        article_form(
            contributor,
            featured_image=upload("photo.png", content),
            featured_image_alt="A red rectangle",
        ),
    )

    assert_rejected(
        response,
        media_root,
        "featured_image",
        f"This file is {len(content)}{NBSP}bytes, "
        f"larger than the 100{NBSP}bytes allowed for an image.",
    )


def test_file_over_ten_megabytes_is_rejected(admin_client, contributor, media_root):
    # The size is checked before anything reads the content: zeros will do.
    content = b"\0" * (11 * 1024 * 1024)

    response = admin_client.post(
        ADD_URL,
        article_form(
            contributor,
            featured_image=upload("huge.png", content),
            featured_image_alt="Huge",
        ),
    )

    assert_rejected(
        response,
        media_root,
        "featured_image",
        f"This file is 11.0{NBSP}MB, "
        f"larger than the 10.0{NBSP}MB allowed for an image.",
    )


def test_image_over_the_pixel_limit_is_rejected_with_its_dimensions(
    admin_client, contributor, media_root
):
    # 49 million pixels: over the 40 million limit, in a file of a few KB.
    content = png_declaring(7000, 7000)
    assert len(content) < 100 * 1024

    response = admin_client.post(
        ADD_URL,
        article_form(
            contributor,
            featured_image=upload("wide.png", content),
            featured_image_alt="Black",
        ),
    )

    assert_rejected(
        response,
        media_root,
        "featured_image",
        "This image is 7000×7000 pixels; images may have at most 40 million pixels.",
    )


def test_image_over_a_lowered_pixel_limit_is_rejected(
    admin_client, contributor, media_root, settings
):
    settings.NEWSROOM_MAX_IMAGE_PIXELS = 1_000_000

    response = admin_client.post(
        ADD_URL,
        article_form(
            contributor,
            featured_image=upload("wide.png", png_declaring(1001, 1000)),
            featured_image_alt="Black",
        ),
    )

    assert_rejected(
        response,
        media_root,
        "featured_image",
        "This image is 1001×1000 pixels; images may have at most 1 million pixels.",
    )


def test_decompression_bomb_is_rejected_and_nothing_stored(
    admin_client, contributor, media_root
):
    # 400 million pixels declared in a file of about 50 KB.
    content = png_declaring(20000, 20000)
    assert len(content) < 100 * 1024

    response = admin_client.post(
        ADD_URL,
        article_form(
            contributor,
            featured_image=upload("bomb.png", content),
            featured_image_alt="Bomb",
        ),
    )

    assert_rejected(response, media_root, "featured_image", TOO_MANY_PIXELS_TO_PROCESS)


def test_rejected_image_on_an_existing_article_leaves_it_unchanged(
    admin_client, make_article, media_root
):
    article = make_article(slug="kept", title="Kept", status=Article.Status.DRAFT)
    url = reverse("admin:articles_article_change", args=[article.pk])

    response = admin_client.post(
        url,
        article_form(
            article.contributor,
            title="Changed",
            slug="kept",
            featured_image=upload("photo.png", b"not an image"),
            featured_image_alt="A photo",
        ),
    )

    assert response.status_code == 200
    assert form_errors(response) == {"featured_image": [NOT_AN_IMAGE]}
    article.refresh_from_db()
    assert article.title == "Kept"
    assert not article.featured_image
    assert stored_files(media_root) == []


def test_multi_picture_jpeg_from_a_camera_is_accepted(
    admin_client, contributor, media_root
):
    # Pillow reports such files as "MPO"; browsers show them as the JPEG they are.
    response = admin_client.post(
        ADD_URL,
        article_form(
            contributor,
            featured_image=upload("camera.jpg", multi_picture_jpeg(), "image/jpeg"),
            featured_image_alt="A red rectangle",
        ),
    )

    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.featured_image_width, article.featured_image_height) == (64, 48)


def test_contributor_avatar_upload_is_validated_too(admin_client, media_root):
    response = admin_client.post(
        reverse("admin:articles_contributor_add"),
        {
            "name": "Grace Hopper",
            "slug": "grace",
            "byline_title": "Contributor",
            "user": "",
            "bio": "",
            "avatar": upload("face.png", b"Not a face."),
            "website": "",
        },
    )

    assert response.status_code == 200
    assert form_errors(response) == {"avatar": [NOT_AN_IMAGE]}
    assert Contributor.objects.count() == 0
    assert stored_files(media_root) == []


def test_contributor_avatar_is_stored(admin_client, media_root):
    response = admin_client.post(
        reverse("admin:articles_contributor_add"),
        {
            "name": "Grace Hopper",
            "slug": "grace",
            "byline_title": "Rear Admiral",
            "user": "",
            "bio": "",
            "avatar": upload("face.png", image_bytes()),
            "website": "",
        },
    )

    assert response.status_code == 302
    contributor = Contributor.objects.get()
    assert contributor.byline_title == "Rear Admiral"
    assert stored_files(media_root) == [contributor.avatar.name]


# The validator itself


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "WEBP"])
def test_validator_accepts_jpeg_png_gif_and_webp(fmt):
    assert validate_image_upload(upload("photo", image_bytes(fmt=fmt))) is None


def test_validator_accepts_an_animated_gif():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (255, 0, 0)).save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=[Image.new("RGB", (8, 8), (0, 0, 255))],
    )

    assert validate_image_upload(upload("anim.gif", buffer.getvalue())) is None


def test_validator_leaves_the_file_readable_from_the_start():
    content = image_bytes()
    image = upload("photo.png", content)

    validate_image_upload(image)

    assert image.read() == content


def test_validator_restores_the_position_after_a_rejection():
    image = upload("photo.png", b"plain text")

    with pytest.raises(ValidationError):
        validate_image_upload(image)

    assert image.read() == b"plain text"


def test_validator_accepts_a_file_of_exactly_the_size_limit(settings):
    content = image_bytes()
    settings.NEWSROOM_MAX_IMAGE_BYTES = len(content)

    assert validate_image_upload(upload("photo.png", content)) is None


def test_validator_rejects_a_file_one_byte_over_the_size_limit(settings):
    content = image_bytes()
    settings.NEWSROOM_MAX_IMAGE_BYTES = len(content) - 1

    with pytest.raises(ValidationError) as excinfo:
        validate_image_upload(upload("photo.png", content))

    assert excinfo.value.code == "file_too_large"
    assert excinfo.value.messages == [
        f"This file is {len(content)}{NBSP}bytes, larger than the "
        f"{len(content) - 1}{NBSP}bytes allowed for an image."
    ]


def test_validator_accepts_an_image_of_exactly_the_pixel_limit(settings):
    settings.NEWSROOM_MAX_IMAGE_PIXELS = 1_000_000

    assert validate_image_upload(upload("p.png", png_declaring(1000, 1000))) is None


def test_validator_rejects_an_image_over_the_pixel_limit_before_decoding(settings):
    settings.NEWSROOM_MAX_IMAGE_PIXELS = 1_000_000

    with pytest.raises(ValidationError) as excinfo:
        validate_image_upload(upload("p.png", png_declaring(1000, 1001)))

    assert excinfo.value.code == "too_many_pixels"
    assert excinfo.value.messages == [
        "This image is 1000×1001 pixels; images may have at most 1 million pixels."
    ]


@pytest.mark.parametrize(
    ("width", "height"),
    [
        pytest.param(10000, 10000, id="over-pillow-warning-limit"),
        pytest.param(20000, 20000, id="over-pillow-error-limit"),
    ],
)
def test_validator_rejects_a_decompression_bomb(width, height):
    with pytest.raises(ValidationError) as excinfo:
        validate_image_upload(upload("bomb.png", png_declaring(width, height)))

    assert excinfo.value.code == "too_many_pixels"
    assert excinfo.value.messages == [TOO_MANY_PIXELS_TO_PROCESS]


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"GIF89a", id="header-only"),
        pytest.param(b"plain text pretending to be a picture", id="text"),
        pytest.param(image_bytes()[:-20], id="truncated-png"),
        pytest.param(jpeg_with_detail()[:5000], id="truncated-jpeg"),
        pytest.param(b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', id="svg"),
        pytest.param(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", id="pdf"),
    ],
)
def test_validator_rejects_unreadable_files(content):
    with pytest.raises(ValidationError) as excinfo:
        validate_image_upload(upload("photo.png", content))

    assert excinfo.value.code == "invalid_image"
    assert excinfo.value.messages == [NOT_AN_IMAGE]


@pytest.mark.parametrize("fmt", ["BMP", "TIFF", "ICO", "PPM"])
def test_validator_rejects_other_image_formats_by_name(fmt):
    with pytest.raises(ValidationError) as excinfo:
        validate_image_upload(upload("photo", image_bytes(fmt=fmt)))

    assert excinfo.value.code == "invalid_format"
    assert excinfo.value.messages == [
        f"{fmt} images are not accepted. Upload a JPEG, PNG, GIF or WebP file."
    ]


def test_validator_accepts_a_multi_picture_jpeg():
    assert validate_image_upload(upload("camera.jpg", multi_picture_jpeg())) is None
