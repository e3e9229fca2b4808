"""Validated image uploads with responsive renditions computed from the stored name.

An upload is checked (real JPEG/PNG/WebP, byte and pixel limits, no decompression bombs),
re-encoded without metadata, centre-cropped to the field's ratio and stored as
``<upload_to>/<slug>-<token>-<W>w.jpg`` where W is the stored width. Renditions are written
next to it as ``<stem>.<w>w.webp`` and ``<stem>.<w>w.jpg``. Because the ratio is fixed and W is
in the name, templates compute every rendition's URL, width and height without touching the
database or storage.
"""

import contextlib
import io
import math
import re
import secrets
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.utils.deconstruct import deconstructible
from django.utils.text import slugify
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
# What Pillow calls the formats it reads as one of ours: an MPO (a multi-picture file from a
# phone or 3D camera) is a JPEG followed by more pictures; its first is the photo.
SAME_AS = {"MPO": "JPEG"}
ACCEPT = "image/jpeg,image/png,image/webp"
JPEG_QUALITY = 85
WEBP_QUALITY = 80
_UNCHECKED = object()
_EXIF_ERRORS = (ValueError, TypeError, SyntaxError, OSError, KeyError)
ORIENTATION_TAG = 0x0112
SIDEWAYS = {5, 6, 7, 8}
_STORED_WIDTH = re.compile(r"-(\d{1,5})w(?:_[A-Za-z0-9]+)?$")
# A stored original or one of its renditions: the random token makes every upload a new name,
# so a file under such a name never changes what it shows.
_UNCHANGING_NAME = re.compile(
    r"-[0-9a-f]{8}-\d{1,5}w(?:_[A-Za-z0-9]+)?(?:\.\d{1,5}w\.(?:webp|jpg)|\.jpg)$"
)


@dataclass(frozen=True)
class RenditionSpec:
    """The shape and rendition widths of one kind of image."""

    kind: str
    ratio: tuple[int, int]
    widths: tuple[int, ...]
    max_width: int
    # Where the crop sits in a photo taller than the ratio: (0.5, 0.5) is the middle. Faces sit
    # in a photo's upper part, so a crop from a tall photo keeps its upper part.
    centering: tuple[float, float] = (0.5, 0.2)

    @property
    def min_width(self):
        return self.widths[0]

    def height_for(self, width):
        """Return the height of an image of this kind at width."""
        return max(1, round(width * self.ratio[1] / self.ratio[0]))

    def widths_for(self, stored_width):
        """Return the rendition widths of an image stored at stored_width (never upscaled)."""
        return tuple(sorted({min(width, stored_width) for width in self.widths}))


HERO = RenditionSpec(kind="hero", ratio=(16, 9), widths=(480, 800, 1200, 1600), max_width=3200)
PORTRAIT = RenditionSpec(kind="portrait", ratio=(1, 1), widths=(160, 320, 640), max_width=1280)
SPECS = {spec.kind: spec for spec in (HERO, PORTRAIT)}


# -- Validation -----------------------------------------------------------------------------


def _megapixels(pixels):
    return f"{pixels / 1_000_000:.0f} megapixels"


def _byte_size(file):
    size = getattr(file, "size", None)
    if size is None and hasattr(file, "seek"):
        file.seek(0, io.SEEK_END)
        size = file.tell()
        file.seek(0)
    return size


def cropped_width(width, height, spec):
    """Return the width left after centre-cropping width × height to the spec's ratio."""
    ratio_w, ratio_h = spec.ratio
    return min(width, math.floor(height * ratio_w / ratio_h))


@deconstructible
class ImageUploadValidator:
    """Refuse anything but a sound JPEG, PNG or WebP image within the byte and pixel limits."""

    def __init__(self, *, kind=None):
        self.kind = kind

    def __eq__(self, other):
        return isinstance(other, ImageUploadValidator) and self.kind == other.kind

    def __call__(self, file):
        if isinstance(file, FieldFile):
            if file._committed:
                return  # Stored (and checked) earlier: editing other fields costs nothing.
            file = file.file
        if getattr(file, "_image_checked_as", _UNCHECKED) == self.kind:
            return  # The form field already checked this very upload; skip decoding it again.
        size = _byte_size(file)
        if size is not None and size > MAX_BYTES:
            raise ValidationError(
                "This file is %(size)s MB; images can be at most %(limit)s MB. "
                "Please export a smaller version and upload it again.",
                code="file_too_big",
                params={"size": f"{size / 1024 / 1024:.1f}", "limit": MAX_BYTES // 1024 // 1024},
            )
        image = image_open(file)
        if self.kind:
            self._check_size(image, SPECS[self.kind])
        file._image_checked_as = self.kind
        # What Django's ImageField.to_python would attach, so that it need not decode again.
        file.image = image
        file.content_type = Image.MIME.get(SAME_AS.get(image.format, image.format))

    def _check_size(self, image, spec):
        width, height = image.size
        if _orientation(image) in SIDEWAYS:
            width, height = height, width
        if cropped_width(width, height, spec) < spec.min_width:
            ratio_w, ratio_h = spec.ratio
            raise ValidationError(
                "This image is only %(width)s × %(height)s pixels. Cropped to %(ratio)s it "
                "needs to be at least %(min_width)s × %(min_height)s pixels to look sharp.",
                code="image_too_small",
                params={
                    "width": width,
                    "height": height,
                    "ratio": f"{ratio_w}:{ratio_h}",
                    "min_width": spec.min_width,
                    "min_height": spec.height_for(spec.min_width),
                },
            )


validate_image_file = ImageUploadValidator()


def _rewind(file):
    if hasattr(file, "seek"):
        file.seek(0)


def image_open(file):
    """Return the fully loaded Pillow image in file, or raise a ValidationError saying why not."""
    not_an_image = ValidationError(
        "This file is not a usable image: it is damaged or not a JPEG, PNG or WebP picture. "
        "Please upload a JPEG, PNG or WebP photo.",
        code="invalid_image",
    )
    bomb = ValidationError(
        "This image declares far more pixels than a photo has and was refused to protect the "
        "site (it looks like a 'decompression bomb'). Please upload a normal photo of at most "
        "%(limit)s.",
        code="decompression_bomb",
        params={"limit": _megapixels(MAX_PIXELS)},
    )
    # Warning filters are process-wide; should another thread race this, the pixel limit below
    # still refuses the image, only with a less specific message.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            _rewind(file)
            image = Image.open(file)
            if SAME_AS.get(image.format, image.format) not in ALLOWED_FORMATS:
                raise ValidationError(
                    "This is a %(format)s file; please upload a JPEG, PNG or WebP image.",
                    code="unsupported_format",
                    params={"format": image.format or "unknown"},
                )
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    "This image is %(width)s × %(height)s pixels (%(pixels)s); the limit is "
                    "%(limit)s. Please resize it and upload it again.",
                    code="too_many_pixels",
                    params={
                        "width": width,
                        "height": height,
                        "pixels": _megapixels(width * height),
                        "limit": _megapixels(MAX_PIXELS),
                    },
                )
            image.verify()
            # verify() leaves the image unusable and misses truncated JPEGs: reopen and decode.
            _rewind(file)
            image = Image.open(file)
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise bomb from None
        except ValidationError:
            raise
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
            raise not_an_image from error
        finally:
            _rewind(file)
    return image


class ImageUploadFormField(forms.ImageField):
    """A form image field that explains refusals (size, pixels, bombs) in plain English."""

    def __init__(self, *, upload_validator=validate_image_file, **kwargs):
        self.upload_validator = upload_validator
        super().__init__(**kwargs)

    def to_python(self, data):
        file = forms.FileField.to_python(self, data)
        if file is None:
            return None
        # Our checks instead of Django's: they decode the whole image where Django's only
        # verifies it, and they say what is wrong, where Django's calls a bomb "not valid".
        self.upload_validator(file)
        return file

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if "accept" in attrs:
            attrs["accept"] = ACCEPT
        return attrs


# -- Processing -----------------------------------------------------------------------------


def _flatten(image):
    """Return image as RGB, with any transparency laid on white rather than black."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        return flat
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda value: value / 256).convert("L")
    return image.convert("RGB")


def _encode(image, format):
    buffer = io.BytesIO()
    if format == "WEBP":
        image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    else:
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()


def _orientation(image):
    try:
        return image.getexif().get(ORIENTATION_TAG)
    except _EXIF_ERRORS:
        return None  # Unreadable EXIF: treat the picture as upright.


def image_normalise(*, file, spec):
    """Return the image in file upright, in RGB, without metadata, cropped to the ratio.

    A wide photo loses its sides equally; a tall one loses more from the bottom than the top, so
    heads and faces stay in.
    """
    image = image_open(file)
    # Damaged EXIF: keep the pixels as stored rather than refuse the photo.
    with contextlib.suppress(*_EXIF_ERRORS):
        image = ImageOps.exif_transpose(image)
    image = _flatten(image)
    target_width = min(cropped_width(*image.size, spec), spec.max_width)
    # A fresh image from raw pixels carries no EXIF, ICC, XMP or GPS data.
    image = ImageOps.fit(
        image,
        (target_width, spec.height_for(target_width)),
        Image.Resampling.LANCZOS,
        centering=spec.centering,
    )
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    return clean


def stored_name(*, original_name, width):
    """Return a unique file name that records the stored width."""
    stem = slugify(PurePosixPath(original_name or "image").stem)[:40].strip("-") or "image"
    return f"{stem}-{secrets.token_hex(4)}-{width}w.jpg"


def stored_width(name):
    """Return the width recorded in a stored name, or None for files stored some other way."""
    match = _STORED_WIDTH.search(PurePosixPath(name or "").stem) if name else None
    return int(match.group(1)) if match else None


def is_unchanging_name(name):
    """Return True for the stored names of originals and renditions (cacheable for a year)."""
    return bool(_UNCHANGING_NAME.search(name))


def rendition_name(name, width, extension):
    """Return the storage name of the rendition of name at width ("webp" or "jpg")."""
    stem = name.rsplit(".", 1)[0]
    return f"{stem}.{width}w.{extension}"


def _rendition_targets(name, spec):
    width = stored_width(name)
    if width is None:
        return []
    return [
        (rendition_name(name, rendition_width, extension), rendition_width, format)
        for rendition_width in spec.widths_for(width)
        for extension, format in (("webp", "WEBP"), ("jpg", "JPEG"))
    ]


def _renditions_write(*, targets, source, spec, storage):
    source = _flatten(source)
    for target, width, format in targets:
        resized = source.resize((width, spec.height_for(width)), Image.Resampling.LANCZOS)
        storage.save(target, ContentFile(_encode(resized, format)))


def renditions_generate(*, name, spec, storage=None, replace=False):
    """Write the missing (or with replace, all) renditions of name; return how many."""
    storage = storage or default_storage
    targets = _rendition_targets(name, spec)
    if replace:
        for target, _, _ in targets:
            storage.delete(target)  # Local storage would otherwise save under a new name.
    else:
        targets = [target for target in targets if not storage.exists(target[0])]
    if not targets:
        return 0
    with storage.open(name, "rb") as file:
        source = Image.open(file)
        source.load()
    _renditions_write(targets=targets, source=source, spec=spec, storage=storage)
    return len(targets)


# -- Model fields ---------------------------------------------------------------------------


class RenditionImageFieldFile(ImageFieldFile):
    """Normalise a new upload on save and write its renditions."""

    def save(self, name, content, save=True):
        spec = self.field.spec
        image = image_normalise(file=content, spec=spec)
        name = stored_name(original_name=name, width=image.width)
        super().save(name, ContentFile(_encode(image, "JPEG")), save=False)
        # The stored name is new and unique, so its renditions cannot exist yet: no lookups.
        targets = _rendition_targets(self.name, spec)
        _renditions_write(targets=targets, source=image, spec=spec, storage=self.storage)
        if save:
            self.instance.save()

    save.alters_data = True


class RenditionImageField(models.ImageField):
    """An image field whose uploads are validated, normalised and given renditions."""

    attr_class = RenditionImageFieldFile
    spec = HERO

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.upload_validator = ImageUploadValidator(kind=self.spec.kind)

    @property
    def validators(self):
        return [*super().validators, self.upload_validator]

    def formfield(self, **kwargs):
        return super().formfield(
            **{
                "form_class": ImageUploadFormField,
                "upload_validator": self.upload_validator,
                **kwargs,
            }
        )


class HeroImageField(RenditionImageField):
    """A 16:9 image for page heroes and cards."""

    spec = HERO


class PortraitImageField(RenditionImageField):
    """A square portrait photo."""

    spec = PORTRAIT


def rendition_fields():
    """Yield (model, field) for every model field that keeps renditions."""
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, RenditionImageField) and field.model is model:
                yield model, field


# -- Rendering ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


def image_renditions(image, extension="jpg"):
    """Return the renditions of a stored image, smallest first, computed from its name only."""
    field = getattr(image, "field", None)
    spec = getattr(field, "spec", None)
    width = stored_width(getattr(image, "name", None))
    if spec is None or width is None:
        return []
    return [
        Rendition(
            url=image.storage.url(rendition_name(image.name, rendition_width, extension)),
            width=rendition_width,
            height=spec.height_for(rendition_width),
        )
        for rendition_width in spec.widths_for(width)
    ]


def pick_rendition(renditions, width):
    """Return the widest rendition no wider than width, or the narrowest one."""
    fitting = [rendition for rendition in renditions if rendition.width <= width]
    return fitting[-1] if fitting else renditions[0]


def absolute_media_url(url):
    """Return url made absolute with SITE_URL when storage gives a relative one."""
    if url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):
        return f"https:{url}"
    return f"{settings.SITE_URL}{url}"


def image_absolute_url(image, width=1200):
    """Return the absolute URL of image's JPEG rendition closest to width, or '' when empty."""
    if not image:
        return ""
    renditions = image_renditions(image)
    url = pick_rendition(renditions, width).url if renditions else image.url
    return absolute_media_url(url)
