"""Image uploads: validation, re-encoding, renditions and the picture template tag."""

import io
import struct
import zlib
from types import SimpleNamespace

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.forms import modelform_factory
from django.template import Context, Template
from PIL import ExifTags, Image, ImageDraw

from base.images import (
    HERO,
    MAX_BYTES,
    PORTRAIT,
    HeroImageField,
    ImageUploadFormField,
    ImageUploadValidator,
    PortraitImageField,
    rendition_name,
    renditions_generate,
    stored_width,
    validate_image_file,
)
from demo.images import illustration

# -- helpers --------------------------------------------------------------------------------


def make_image_bytes(format="JPEG", size=(1600, 900), color="teal", noise=False, **save_options):
    """Return an encoded image; noise makes the file big enough to truncate meaningfully."""
    image = Image.new("RGB", size, color)
    if noise:
        image = Image.effect_noise(size, 60).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format, **save_options)
    return buffer.getvalue()


def make_upload(data, name="photo.jpg"):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def make_png_declaring(width, height):
    """Return a tiny PNG whose header claims width × height pixels."""

    def chunk(kind, payload):
        crc = struct.pack(">I", zlib.crc32(kind + payload))
        return struct.pack(">I", len(payload)) + kind + payload + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def make_field_file(field_class=HeroImageField):
    """Return an empty file of a standalone image field, saved through default_storage."""
    field = field_class(upload_to="tests/")
    field.set_attributes_from_name("image")
    return field.attr_class(SimpleNamespace(), field, None)


def save_image(data, field_class=HeroImageField, name="Holiday Photo.JPG"):
    field_file = make_field_file(field_class)
    field_file.save(name, ContentFile(data), save=False)
    return field_file


def open_stored(name):
    with default_storage.open(name, "rb") as file:
        image = Image.open(io.BytesIO(file.read()))
        image.load()
    return image


def render(source, **context):
    return Template("{% load images %}" + source).render(Context(context))


def as_document(fragment):
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Image</title></head>'
        f"<body><main>{fragment}</main></body></html>"
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MEDIA_URL = "/media/"
    settings.SITE_URL = "https://solenne.example"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return tmp_path


# -- validation -----------------------------------------------------------------------------


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP"])
def test_real_jpeg_png_and_webp_are_accepted(format):
    validate_image_file(make_upload(make_image_bytes(format)))
    ImageUploadValidator(kind="hero")(make_upload(make_image_bytes(format)))


def refusal(data, validator=validate_image_file):
    with pytest.raises(ValidationError) as caught:
        validator(make_upload(data))
    error = caught.value
    return error.code, error.messages[0]


def make_mpo_bytes(size=(1600, 900)):
    """Return a multi-picture JPEG (MPO) as phones and 3D cameras write: two pictures."""
    first, second = Image.new("RGB", size, "teal"), Image.new("RGB", size, "orange")
    buffer = io.BytesIO()
    first.save(buffer, "MPO", save_all=True, append_images=[second])
    return buffer.getvalue()


def test_mpo_photo_is_accepted_as_the_jpeg_it_starts_with():
    upload = make_upload(make_mpo_bytes())
    assert Image.open(io.BytesIO(make_mpo_bytes())).format == "MPO"

    ImageUploadValidator(kind="hero")(upload)

    assert upload.content_type == "image/jpeg"


def test_mpo_photo_is_stored_as_a_jpeg_of_its_first_picture(media):
    field_file = save_image(make_mpo_bytes())

    stored = open_stored(field_file.name)
    assert stored.format == "JPEG"
    assert stored.size == (1600, 900)
    assert stored.getpixel((800, 450)) == pytest.approx(
        Image.new("RGB", (1, 1), "teal").getpixel((0, 0)), abs=4
    )


def test_text_file_renamed_jpg_is_refused():
    code, message = refusal(b"Just some notes, definitely not a photo.\n" * 20)
    assert code == "invalid_image"
    assert "not a usable image" in message


def test_gif_is_refused_even_though_it_is_an_image():
    code, message = refusal(make_image_bytes("GIF"))
    assert code == "unsupported_format"
    assert "GIF" in message


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP"])
def test_truncated_image_is_refused(format):
    data = make_image_bytes(format, size=(400, 300), noise=True)
    code, _ = refusal(data[: len(data) // 2])
    assert code == "invalid_image"


def test_png_with_a_corrupt_chunk_is_refused():
    data = bytearray(make_image_bytes("PNG", size=(400, 300), noise=True))
    data[200] ^= 0xFF
    code, _ = refusal(bytes(data))
    assert code == "invalid_image"


def test_file_over_the_byte_limit_is_refused():
    data = make_image_bytes("JPEG")
    code, message = refusal(data + b"\0" * (MAX_BYTES + 1 - len(data)))
    assert code == "file_too_big"
    assert "at most 15 MB" in message


def test_file_at_the_byte_limit_is_accepted():
    data = make_image_bytes("JPEG")
    validate_image_file(make_upload(data + b"\0" * (MAX_BYTES - len(data))))


def test_image_over_forty_megapixels_is_refused():
    code, message = refusal(make_png_declaring(8000, 5001))
    assert code == "too_many_pixels"
    assert "8000 × 5001" in message and "40 megapixels" in message


@pytest.mark.parametrize("side", [10_000, 100_000])
def test_decompression_bomb_is_refused_with_a_clear_message(side):
    code, message = refusal(make_png_declaring(side, side))
    assert code == "decompression_bomb"
    assert "decompression bomb" in message
    assert "at most 40 megapixels" in message


@pytest.mark.parametrize(
    ("validator", "size"),
    [
        (ImageUploadValidator(kind="hero"), (400, 300)),
        (ImageUploadValidator(kind="hero"), (2000, 200)),  # a sliver once cropped to 16:9
        (ImageUploadValidator(kind="portrait"), (150, 600)),
    ],
)
def test_image_too_small_for_its_crop_is_refused(validator, size):
    code, message = refusal(make_image_bytes(size=size), validator)
    assert code == "image_too_small"
    assert "at least" in message


def test_form_field_explains_a_bomb_instead_of_calling_it_invalid():
    class UploadForm(forms.Form):
        image = ImageUploadFormField()

    form = UploadForm(files={"image": make_upload(make_png_declaring(100_000, 100_000))})

    assert not form.is_valid()
    assert "decompression bomb" in form.errors["image"][0]


def test_model_form_field_accepts_only_the_allowed_types():
    form_field = HeroImageField(upload_to="x/").formfield()

    assert isinstance(form_field, ImageUploadFormField)
    assert form_field.widget.attrs["accept"] == "image/jpeg,image/png,image/webp"


@pytest.mark.parametrize(
    ("field_class", "path"),
    [
        (HeroImageField, "base.images.HeroImageField"),
        (PortraitImageField, "base.images.PortraitImageField"),
    ],
)
def test_fields_deconstruct_to_their_own_path(field_class, path):
    _, deconstructed_path, _, kwargs = field_class(upload_to="x/").deconstruct()

    assert deconstructed_path == path
    assert kwargs == {"upload_to": "x/"}


# -- re-encoding ----------------------------------------------------------------------------


def make_jpeg_with_gps():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Phone"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (45.0, 31.0, 12.0)
    return make_image_bytes("JPEG", exif=exif)


def test_gps_and_other_metadata_are_stripped(media):
    source = make_jpeg_with_gps()
    assert Image.open(io.BytesIO(source)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    field_file = save_image(source)

    for name in [field_file.name, rendition_name(field_file.name, 800, "jpg")]:
        stored = open_stored(name)
        assert dict(stored.getexif()) == {}
        assert "exif" not in stored.info
    with default_storage.open(field_file.name, "rb") as file:
        assert b"Exif" not in file.read()


def test_exif_orientation_is_honoured(media):
    # Stored sideways (900 × 1600) with "rotate 90° clockwise to display": the top is red.
    raw = Image.new("RGB", (900, 1600), "blue")
    raw.paste("red", (0, 0, 900, 800))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    buffer = io.BytesIO()
    raw.save(buffer, "JPEG", exif=exif)

    stored = open_stored(save_image(buffer.getvalue()).name)

    assert stored.size == (1600, 900)
    red, _, blue = stored.getpixel((1500, 450))
    assert red > 200 and blue < 60
    red, _, blue = stored.getpixel((100, 450))
    assert blue > 200 and red < 60


@pytest.mark.parametrize(
    ("field_class", "source_size", "stored_size"),
    [
        (HeroImageField, (1200, 1200), (1200, 675)),
        (HeroImageField, (1600, 900), (1600, 900)),
        (PortraitImageField, (1600, 900), (900, 900)),
        (PortraitImageField, (2000, 2000), (1280, 1280)),
    ],
)
def test_upload_is_centre_cropped_to_the_ratio_and_stored_as_jpeg(
    media, field_class, source_size, stored_size
):
    field_file = save_image(make_image_bytes("PNG", size=source_size), field_class)

    stored = open_stored(field_file.name)
    assert stored.format == "JPEG"
    assert stored.size == stored_size
    assert stored_width(field_file.name) == stored_size[0]
    assert field_file.name.startswith("tests/holiday-photo-")


@pytest.mark.parametrize("field_class", [HeroImageField, PortraitImageField])
def test_tall_photo_keeps_its_top_where_faces_are(media, field_class):
    # A tall 3:4 photo with a "face" band at 15-30 % of its height and a marker at the very
    # bottom; the stored crop must contain the face whole.
    image = Image.new("RGB", (900, 1200), (200, 200, 200))
    ImageDraw.Draw(image).rectangle((300, 180, 600, 360), fill=(20, 20, 20))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")

    stored = open_stored(save_image(buffer.getvalue(), field_class).name)

    column = [stored.getpixel((stored.width // 2, y))[0] for y in range(stored.height)]
    dark = [y for y, value in enumerate(column) if value < 100]
    assert dark, "the face was cropped away"
    assert dark[0] > 0 and dark[-1] < stored.height - 1, "the face touches the crop's edge"


def test_each_upload_gets_a_unique_name(media):
    data = make_image_bytes()

    assert save_image(data).name != save_image(data).name


def test_transparent_png_is_flattened_on_white(media):
    image = Image.new("RGBA", (800, 450), (0, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")

    stored = open_stored(save_image(buffer.getvalue()).name)

    assert min(stored.getpixel((400, 225))) > 245


# -- renditions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field_class", "source_size", "widths"),
    [
        (HeroImageField, (1600, 900), [480, 800, 1200, 1600]),
        (HeroImageField, (1000, 700), [480, 800, 1000]),
        (PortraitImageField, (640, 640), [160, 320, 640]),
        (PortraitImageField, (200, 200), [160, 200]),
    ],
)
def test_renditions_exist_in_webp_and_jpeg_without_upscaling(
    media, field_class, source_size, widths
):
    field_file = save_image(make_image_bytes(size=source_size), field_class)
    spec = field_class.spec

    for width in widths:
        for extension, format in [("webp", "WEBP"), ("jpg", "JPEG")]:
            rendition = open_stored(rendition_name(field_file.name, width, extension))
            assert rendition.format == format
            assert rendition.size == (width, spec.height_for(width))
    files = sorted(path.name for path in (media / "tests").iterdir())
    assert len(files) == 1 + 2 * len(widths)


def test_missing_renditions_are_regenerated(media):
    field_file = save_image(make_image_bytes())
    missing = rendition_name(field_file.name, 800, "webp")
    default_storage.delete(missing)

    written = renditions_generate(name=field_file.name, spec=HERO)

    assert written == 1
    assert open_stored(missing).size == (800, 450)


@pytest.mark.django_db
def test_team_photo_is_stored_square_with_renditions(media, business):
    from base.models import Person

    person = Person.objects.get(slug="jordan-ellis")
    person.photo = illustration("sprig", ("#f3e6dc", "#5b4a63"), kind="portrait", seed=4)
    person.save()

    person.refresh_from_db()
    assert person.photo.name.startswith("people/")
    assert open_stored(person.photo.name).size == (640, 640)
    assert default_storage.exists(rendition_name(person.photo.name, 160, "webp"))


@pytest.mark.django_db
def test_admin_form_stores_a_good_photo_and_explains_a_bad_one(media, business):
    from base.models import Person

    photo_form = modelform_factory(Person, fields=["photo"])
    person = Person.objects.get(slug="jordan-ellis")
    bomb = make_upload(make_png_declaring(100_000, 100_000), "bomb.png")

    refused = photo_form(files={"photo": bomb}, instance=person)
    accepted = photo_form(
        files={"photo": make_upload(make_image_bytes("PNG", size=(800, 600)), "me.png")},
        instance=person,
    )

    assert "decompression bomb" in refused.errors["photo"][0]
    assert accepted.is_valid(), accepted.errors
    accepted.save()
    person.refresh_from_db()
    assert person.photo.name.endswith("-600w.jpg")
    assert default_storage.exists(rendition_name(person.photo.name, 320, "webp"))


@pytest.mark.django_db
def test_model_validation_refuses_a_text_file_named_jpg(business):
    from base.models import Person

    person = Person.objects.get(slug="jordan-ellis")
    person.photo = ContentFile(b"not a photo at all", name="photo.jpg")

    with pytest.raises(ValidationError) as caught:
        person.full_clean()
    assert "not a usable image" in caught.value.message_dict["photo"][0]


@pytest.mark.django_db
def test_regenerate_renditions_command_restores_deleted_files(media, business):
    from base.models import Person

    person = Person.objects.get(slug="jordan-ellis")
    person.photo.save("jordan.jpg", illustration("sprig", ("#f3e6dc", "#5b4a63"), kind="portrait"))
    missing = rendition_name(person.photo.name, 320, "jpg")
    default_storage.delete(missing)
    out = io.StringIO()

    call_command("regenerate_renditions", stdout=out, stderr=io.StringIO())

    assert default_storage.exists(missing)
    assert out.getvalue().startswith("1 renditions written")


@pytest.mark.django_db
def test_regenerate_renditions_command_reports_a_missing_original(media, business):
    from base.models import Person

    Person.objects.filter(slug="jordan-ellis").update(photo="people/gone-0000aaaa-640w.jpg")
    err = io.StringIO()

    call_command("regenerate_renditions", stdout=io.StringIO(), stderr=err)

    assert "people/gone-0000aaaa-640w.jpg" in err.getvalue()


# -- demo images ----------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "size"), [("hero", (1600, 900)), ("portrait", (640, 640))])
def test_illustration_is_a_valid_jpeg_of_the_right_size(kind, size):
    content = illustration("sprig", ("#c9a48a", "#2f4858"), kind=kind, seed=1)

    ImageUploadValidator(kind=kind)(content)
    image = Image.open(content)
    assert (image.format, image.size) == ("JPEG", size)


def test_illustration_depends_on_the_seed_only():
    colors = ("#c9a48a", "#2f4858")

    first = illustration("bubbles", colors, seed=1).read()
    assert illustration("bubbles", colors, seed=1).read() == first
    assert illustration("bubbles", colors, seed=2).read() != first


# -- template tags --------------------------------------------------------------------------


@pytest.fixture
def hero(media):
    return save_image(make_image_bytes())


@pytest.fixture
def no_storage_access(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("rendering must not touch storage")

    for method in ["open", "exists", "size", "listdir", "get_modified_time"]:
        monkeypatch.setattr(FileSystemStorage, method, refuse)


def test_picture_lists_every_rendition_with_sizes_and_dimensions(hero, no_storage_access):
    html = render(
        '{% picture image alt=alt sizes="(min-width: 60rem) 60rem, 100vw" %}',
        image=hero,
        alt="Treatment room",
    )
    stem = hero.name.removesuffix(".jpg")

    assert html.startswith('<picture><source type="image/webp" srcset="')
    assert f"/media/{stem}.480w.webp 480w, /media/{stem}.800w.webp 800w," in html
    assert f"/media/{stem}.1600w.jpg 1600w" in html
    assert f'src="/media/{stem}.800w.jpg"' in html
    assert 'width="800" height="450"' in html
    assert html.count('sizes="(min-width: 60rem) 60rem, 100vw"') == 2
    assert 'alt="Treatment room"' in html
    assert 'loading="lazy"' in html
    assert "fetchpriority" not in html


def test_picture_above_the_fold_is_not_lazy(hero, no_storage_access):
    html = render("{% picture image alt='Hero' lazy=False css_class='hero-img' %}", image=hero)

    assert "loading=" not in html
    assert 'class="hero-img"' in html


def test_picture_escapes_alt_text(hero):
    html = render("{% picture image alt=alt %}", image=hero, alt='"><script>alert(1)</script>')

    assert "<script>" not in html
    assert 'alt="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html


def test_picture_of_an_empty_field_renders_nothing(media):
    assert render("{% picture image alt='x' %}", image=make_field_file()).strip() == ""
    assert render("{% picture image alt='x' %}", image=None).strip() == ""


def test_picture_of_a_file_stored_without_renditions_is_a_plain_image(media, no_storage_access):
    legacy = make_field_file()
    legacy.name = "people/old-photo.jpg"

    html = render("{% picture image alt='Old photo' %}", image=legacy)

    assert (
        html
        == '<img src="/media/people/old-photo.jpg" alt="Old photo" loading="lazy" decoding="async">'
    )


def test_picture_html_is_valid(hero, assert_valid_html):
    legacy = make_field_file()
    legacy.name = "people/old-photo.jpg"
    pages = {
        "lazy": render(
            '{% picture image alt="Room" sizes="(min-width: 60rem) 60rem, 100vw" %}', image=hero
        ),
        "eager": render("{% picture image alt='Room' lazy=False css_class='a b' %}", image=hero),
        "decorative": render("{% picture image alt='' %}", image=hero),
        "legacy": render("{% picture image alt='Old' %}", image=legacy),
    }

    assert_valid_html({name: as_document(html) for name, html in pages.items()})


def test_image_url_is_an_absolute_jpeg_rendition(hero, no_storage_access):
    stem = hero.name.removesuffix(".jpg")

    assert render("{% image_url image %}", image=hero) == (
        f"https://solenne.example/media/{stem}.1200w.jpg"
    )
    assert render("{% image_url image width=800 %}", image=hero).endswith(".800w.jpg")
    assert render("{% image_url image width=5000 %}", image=hero).endswith(".1600w.jpg")
    assert render("{% image_url image %}", image=None) == ""


def test_image_url_keeps_an_absolute_media_url(hero, settings):
    settings.MEDIA_URL = "https://cdn.example.net/media/"

    assert render("{% image_url image %}", image=hero).startswith(
        "https://cdn.example.net/media/tests/"
    )


def test_rendering_needs_no_database(hero, no_storage_access):
    # No django_db mark: any query here would fail the test.
    render("{% picture image alt='x' %}{% image_url image %}", image=hero)


def test_portrait_renditions_are_square(media):
    portrait = save_image(make_image_bytes(size=(640, 640)), PortraitImageField)

    html = render("{% picture image alt='Jordan' %}", image=portrait)

    assert 'width="640" height="640"' in html
    assert ".160w.webp 160w, " in html
    assert PORTRAIT.widths_for(640) == (160, 320, 640)
