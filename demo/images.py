"""Original images for the demo content, drawn with Pillow."""

import io
import random

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFilter

from base.images import JPEG_QUALITY, SPECS


def _rgb(hex_colour):
    value = hex_colour.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


def generated_image(colors, *, kind="hero", seed=0):
    """Draw an original abstract JPEG: a soft two-colour gradient with translucent shapes."""
    spec = SPECS[kind]
    width = 1600 if kind == "hero" else 640
    height = spec.height_for(width)
    start, end = (_rgb(colour) for colour in colors)
    rng = random.Random(seed)
    # A diagonal gradient: average a vertical and a horizontal ramp (square turns, no corners).
    vertical = Image.linear_gradient("L").rotate(rng.choice((0, 180)))
    horizontal = Image.linear_gradient("L").rotate(rng.choice((90, 270)))
    mask = Image.blend(vertical, horizontal, 0.5).resize((width, height))
    image = Image.composite(
        Image.new("RGB", (width, height), end), Image.new("RGB", (width, height), start), mask
    )
    layer = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for _ in range(rng.randint(4, 7)):
        radius = rng.randint(height // 6, height // 2)
        x, y = rng.randint(0, width), rng.randint(0, height)
        tint = rng.choice((start, end, (255, 255, 255)))
        box = (x - radius, y - radius, x + radius, y + radius)
        if rng.random() < 0.7:
            draw.ellipse(box, fill=(*tint, rng.randint(40, 90)))
        else:
            draw.rounded_rectangle(box, radius=radius // 3, fill=(*tint, rng.randint(30, 70)))
    layer = layer.filter(ImageFilter.GaussianBlur(radius=height // 40))
    image = Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue(), name=f"generated-{kind}-{seed}.jpg")
