"""Original illustrations for the demo content, drawn with Pillow in the brand palette.

Each treatment and guide names a motif (`art` in its file) that says something about it: flowing
lines for lymphatic drainage, light rays for the lasers, rising bubbles for carboxy therapy.
Every picture is a botanical line drawing on a soft arch, its subject kept in the middle third
so that any crop the layouts make (a wide band, a card) keeps it whole. Team members without a
photo get a monogram portrait.
"""

import io
import math
import random

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from base.images import JPEG_QUALITY, SPECS

SCALE = 2  # Drawn at twice the size and scaled down: smooth curves without antialiasing.
INK = "#1b3128"
LEAF = "#2c4a3e"
GOLD = "#d9b77a"
CREAM = "#faf7f2"
MONOGRAM_FONT = "static/fonts/cormorant-garamond-600.woff2"
MOTIFS = ("sprig", "waves", "rays", "rings", "drops", "bubbles", "contour", "ripples", "cups")


def _rgb(hex_colour):
    value = hex_colour.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


def _mix(colour, other, amount):
    """Return colour moved `amount` (0 to 1) of the way towards other."""
    return tuple(
        round(a + (b - a) * amount) for a, b in zip(_rgb(colour), _rgb(other), strict=True)
    )


def _jpeg(image, name):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue(), name=name)


def _leaf(draw, base, angle, length, width, fill, outline, line):
    """Draw a pointed leaf from base, pointing at angle (radians), with its midrib."""
    steps = 24
    axis = [(t / steps, math.sin(math.pi * t / steps) ** 0.9 * width / 2) for t in range(steps + 1)]
    cos, sin = math.cos(angle), math.sin(angle)

    def point(along, across):
        x, y = along * length, across
        return (base[0] + x * cos - y * sin, base[1] + x * sin + y * cos)

    outline_points = [point(t, w) for t, w in axis] + [point(t, -w) for t, w in reversed(axis)]
    draw.polygon(outline_points, fill=fill, outline=outline, width=line)
    draw.line([point(0, 0), point(0.85, 0)], fill=outline, width=max(1, line // 2))


def _curve(start, control, end, steps=40):
    """Return the points of a quadratic Bézier curve."""
    return [
        (
            (1 - t) ** 2 * start[0] + 2 * (1 - t) * t * control[0] + t**2 * end[0],
            (1 - t) ** 2 * start[1] + 2 * (1 - t) * t * control[1] + t**2 * end[1],
        )
        for t in (i / steps for i in range(steps + 1))
    ]


def _sprig(draw, base, height, lean, rng, *, line, leaf_fills):
    """Draw a stem rising from base with leaves on alternate sides."""
    top = (base[0] + lean, base[1] - height)
    stem = _curve(base, (base[0] - lean * 0.6, base[1] - height * 0.55), top)
    draw.line(stem, fill=INK, width=line, joint="curve")
    for index, position in enumerate((0.3, 0.45, 0.6, 0.74, 0.87)):
        x, y = stem[int(position * (len(stem) - 1))]
        side = -1 if index % 2 else 1
        angle = -math.pi / 2 + side * rng.uniform(0.7, 1.0)
        size = height * (0.34 - position * 0.18)
        fill = leaf_fills[index % len(leaf_fills)]
        _leaf(draw, (x, y), angle, size, size * 0.42, fill, INK, line)
    _leaf(
        draw,
        top,
        -math.pi / 2 + lean / height,
        height * 0.16,
        height * 0.07,
        leaf_fills[0],
        INK,
        line,
    )


def _motif(draw, name, box, rng, *, line, colour):
    """Draw the subject's motif inside box (left, top, right, bottom)."""
    left, top, right, bottom = box
    cx, cy = (left + right) / 2, (top + bottom) / 2
    w, h = right - left, bottom - top
    if name == "waves":
        for row in range(5):
            y0 = top + h * (0.25 + row * 0.12)
            points = [
                (x, y0 + math.sin(x / w * 4 * math.pi + row * 0.6) * h * 0.05)
                for x in range(int(left + w * 0.08), int(right - w * 0.08), 4)
            ]
            draw.line(points, fill=colour, width=line, joint="curve")
    elif name == "rays":
        origin = (cx, top + h * 0.12)
        draw.ellipse(
            (
                origin[0] - h * 0.07,
                origin[1] - h * 0.07,
                origin[0] + h * 0.07,
                origin[1] + h * 0.07,
            ),
            outline=colour,
            width=line,
        )
        for ray in range(-3, 4):
            angle = math.pi / 2 + ray * 0.22
            start = (origin[0] + math.cos(angle) * h * 0.12, origin[1] + math.sin(angle) * h * 0.12)
            end = (origin[0] + math.cos(angle) * h * 0.75, origin[1] + math.sin(angle) * h * 0.75)
            draw.line([start, end], fill=colour, width=line)
    elif name == "rings":
        for ring in range(1, 6):
            radius = h * 0.07 * ring
            draw.ellipse(
                (cx - radius, cy - radius, cx + radius, cy + radius), outline=colour, width=line
            )
    elif name == "drops":
        for row in range(3):
            for col in range(5):
                x = cx + (col - 2) * w * 0.11 + (row % 2) * w * 0.055
                y = top + h * (0.3 + row * 0.2)
                size = h * 0.05
                # A teardrop: x = sin(t)·sin(t/2), y = -cos(t), point up.
                drop = [
                    (x + size * math.sin(t) * math.sin(t / 2), y - size * math.cos(t))
                    for t in (i / 40 * 2 * math.pi for i in range(41))
                ]
                draw.polygon(drop, outline=colour, width=line)
    elif name == "bubbles":
        for _ in range(16):
            r = h * rng.uniform(0.02, 0.07)
            x = cx + rng.uniform(-0.32, 0.32) * w
            y = top + h * rng.uniform(0.15, 0.85)
            draw.ellipse((x - r, y - r, x + r, y + r), outline=colour, width=line)
    elif name == "contour":
        for offset in (-1, 1):
            for step in range(3):
                x0 = cx + offset * w * (0.1 + step * 0.06)
                draw.line(
                    _curve(
                        (x0, top + h * 0.1),
                        (cx + offset * w * (0.02 + step * 0.06), cy),
                        (x0, bottom - h * 0.1),
                    ),
                    fill=colour,
                    width=line,
                    joint="curve",
                )
    elif name == "cups":
        for col in range(3):
            x = cx + (col - 1) * w * 0.26
            r = w * 0.11
            y = cy + h * 0.1
            draw.arc((x - r, y - r, x + r, y + r), 180, 360, fill=colour, width=line)
            draw.line([(x - r * 1.15, y), (x + r * 1.15, y)], fill=colour, width=line)
            draw.ellipse(
                (x - r * 0.2, y - r * 0.75, x + r * 0.2, y - r * 0.35), outline=colour, width=line
            )
    elif name == "ripples":
        for row in range(4):
            y0 = top + h * (0.3 + row * 0.13)
            points = [
                (x, y0 + math.sin(x / w * 10 * math.pi) * h * 0.015)
                for x in range(int(left + w * 0.15), int(right - w * 0.15), 4)
            ]
            draw.line(points, fill=colour, width=line, joint="curve")


def illustration(art, colors, *, kind="hero", seed=0):
    """Draw an original botanical illustration (JPEG) with the subject's motif.

    colors is (background, highlight): a light ground and the arch's colour behind the drawing.
    """
    spec = SPECS[kind]
    width = 1600 if kind == "hero" else 640
    height = spec.height_for(width)
    big_w, big_h = width * SCALE, height * SCALE
    background, highlight = colors
    rng = random.Random(seed)
    image = Image.new("RGB", (big_w, big_h), _rgb(background))
    draw = ImageDraw.Draw(image)
    line = 3 * SCALE * width // 800
    # The arch: a soft window behind the drawing, centred so that crops keep it.
    arch_w, arch_h = big_h * 0.7, big_h * 0.72
    arch_left, arch_top = (big_w - arch_w) / 2, big_h - arch_h
    draw.rounded_rectangle(
        (arch_left, arch_top, arch_left + arch_w, big_h + arch_w / 2),
        radius=arch_w / 2,
        fill=_mix(highlight, CREAM, 0.35),
    )
    sun = arch_w * 0.13
    sun_x, sun_y = arch_left + arch_w * 0.8, arch_top + sun * 1.1
    draw.ellipse((sun_x - sun, sun_y - sun, sun_x + sun, sun_y + sun), fill=_mix(GOLD, CREAM, 0.25))
    _motif(
        draw,
        art,
        (arch_left, arch_top, arch_left + arch_w, big_h),
        rng,
        line=line,
        colour=_rgb(INK),
    )
    leaf_fills = [_rgb(LEAF), _mix(LEAF, CREAM, 0.45), _rgb(GOLD), _mix(highlight, INK, 0.2)]
    ground = big_h * 1.02
    _sprig(
        draw,
        (big_w / 2 - arch_w * 0.62, ground),
        big_h * 0.72,
        big_h * 0.08,
        rng,
        line=line,
        leaf_fills=leaf_fills,
    )
    _sprig(
        draw,
        (big_w / 2 + arch_w * 0.6, ground),
        big_h * 0.55,
        -big_h * 0.1,
        rng,
        line=line,
        leaf_fills=leaf_fills[1:],
    )
    _sprig(
        draw,
        (big_w / 2 + arch_w * 0.78, ground),
        big_h * 0.38,
        big_h * 0.05,
        rng,
        line=line,
        leaf_fills=leaf_fills[2:],
    )
    image = image.resize((width, height), Image.Resampling.LANCZOS)
    return _jpeg(image, f"illustration-{art}-{seed}.jpg")


def initials(name):
    """Return up to two initials of a name, leaving out titles such as "Dr."."""
    words = [word for word in name.replace(".", ". ").split() if not word.endswith(".")]
    return "".join(word[0].upper() for word in (words[:1] + words[-1:]) if word)[:2] or "?"


def monogram_portrait(name, colors):
    """Draw a square monogram portrait: the person's initials on a colour ground with a sprig."""
    spec = SPECS["portrait"]
    size = 640 * SCALE
    ground, ink = colors
    image = Image.new("RGB", (size, spec.height_for(size)), _rgb(ground))
    draw = ImageDraw.Draw(image)
    ring = size * 0.1
    draw.ellipse((ring, ring, size - ring, size - ring), outline=_rgb(GOLD), width=size // 160)
    font = ImageFont.truetype(MONOGRAM_FONT, round(size * 0.36))
    draw.text((size / 2, size * 0.47), initials(name), font=font, fill=_rgb(ink), anchor="mm")
    for side in (-1, 1):
        angle = -math.pi / 2 + side * 0.9
        _leaf(draw, (size / 2, size * 0.75), angle, size * 0.09, size * 0.04, GOLD, GOLD, 2)
    image = image.resize((640, 640), Image.Resampling.LANCZOS)
    return _jpeg(image, f"monogram-{initials(name).lower()}.jpg")
