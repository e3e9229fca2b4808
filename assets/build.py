"""Build the brand assets: subset web fonts, favicon, inline mark and social card.

Run by `make assets` after `npm ci` in assets/ (the @fontsource packages pinned in
assets/package.json). The brand mark has one source, assets/mark.svg: it becomes the favicon,
the header's inline mark and, with the wordmark set in the site's fonts, the social card
(rendered by Chromium). Each font face is cut down to the characters below, saved as woff2 with its
licence beside it, and gets a fallback face built on a metric-compatible system font
(Liberation Sans = Arial, Liberation Serif = Times New Roman) scaled to the same average width
and line metrics, so swapping in the web font moves no text.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ROOT / "assets" / "node_modules" / "@fontsource"
FONTS = ROOT / "static" / "fonts"
STYLESHEET = ROOT / "static" / "css" / "site.css"
BEGIN = "/* == Fonts (written by `make assets`: assets/build.py) == */"
END = "/* == End of fonts == */"
LIBERATION = Path("/usr/share/fonts/truetype/liberation")
MARK = ROOT / "assets" / "mark.svg"
CHROMIUM = "/usr/bin/chromium"

# Basic Latin, Latin-1 (accents, ©, ×, ·), dashes, curly quotes, bullet, ellipsis, ›, €, ™,
# arrows and minus: what the copy and staff text use. Anything else falls back per glyph.
UNICODES = (
    "U+0020-007E,U+00A0-00FF,U+2013-2014,U+2018-201A,U+201C-201E,U+2022,U+2026,U+2039-203A,"
    "U+20AC,U+2122,U+2190-2193,U+2212"
)

# (family, package, weight, fallback family, fallback file)
FACES = (
    ("DM Sans", "dm-sans", 400, "Arial", "LiberationSans-Regular.ttf"),
    ("DM Sans", "dm-sans", 600, "Arial", "LiberationSans-Bold.ttf"),
    (
        "Cormorant Garamond",
        "cormorant-garamond",
        600,
        "Times New Roman",
        "LiberationSerif-Bold.ttf",
    ),
)
FALLBACK_LOCAL = {
    "Arial": ("Arial", "Liberation Sans", "Arimo", "Helvetica"),
    "Times New Roman": ("Times New Roman", "Liberation Serif", "Tinos", "Times"),
}
STYLE_NAMES = {400: "", 600: " Bold"}  # local() finds a face by its full name.
# English letter frequencies (and the space) weigh the average width, as Capsize does.
SAMPLE = "the quick brown fox jumps over the lazy dog and a clinic of nine honest guides "


def _average_width(font):
    cmap = font.getBestCmap()
    widths = font["hmtx"].metrics
    advances = [widths[cmap[ord(char)]][0] for char in SAMPLE]
    return sum(advances) / len(advances) / font["head"].unitsPerEm


def _fallback_rule(family, weight, web, fallback_name, fallback_file):
    """Return an @font-face scaling a local system font to the web font's metrics."""
    fallback = TTFont(LIBERATION / fallback_file)
    size_adjust = _average_width(web) / _average_width(fallback)
    units = web["head"].unitsPerEm * size_adjust
    hhea = web["hhea"]
    local = ", ".join(
        f'local("{name}{STYLE_NAMES[weight]}")' for name in FALLBACK_LOCAL[fallback_name]
    )
    return (
        f'@font-face {{ font-family: "{family} fallback"; src: {local}; font-weight: {weight};'
        f" size-adjust: {size_adjust:.2%}; ascent-override: {hhea.ascent / units:.2%};"
        f" descent-override: {-hhea.descent / units:.2%};"
        f" line-gap-override: {hhea.lineGap / units:.2%}; }}"
    )


def build_fonts():
    FONTS.mkdir(parents=True, exist_ok=True)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["kern", "liga", "lnum"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # Keep the copyright and licence names.
    rules = [BEGIN]
    for family, package, weight, fallback_name, fallback_file in FACES:
        source = PACKAGES / package / "files" / f"{package}-latin-{weight}-normal.woff2"
        name = f"{package}-{weight}.woff2"
        font = TTFont(source)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
        subsetter.subset(font)
        subset.save_font(font, FONTS / name, options)
        shutil.copyfile(PACKAGES / package / "LICENSE", FONTS / f"{package}-LICENSE.txt")
        rules.append(
            f'@font-face {{ font-family: "{family}"; src: url("../fonts/{name}") format("woff2");'
            f" font-weight: {weight}; font-style: normal; font-display: swap;"
            f" unicode-range: {UNICODES}; }}"
        )
        rules.append(_fallback_rule(family, weight, font, fallback_name, fallback_file))
        print(f"{name}: {(FONTS / name).stat().st_size / 1024:.1f} KB")
    rules.append(END)
    css = STYLESHEET.read_text()
    start, end = css.index(BEGIN), css.index(END) + len(END)
    STYLESHEET.write_text(css[:start] + "\n".join(rules) + css[end:])


def build_brand():
    mark = MARK.read_text().strip()
    (ROOT / "static" / "img" / "favicon.svg").write_text(mark + "\n")
    inline = mark.replace(
        "<svg ", '<svg class="brand__mark" aria-hidden="true" focusable="false" ', 1
    )
    (ROOT / "templates" / "includes" / "brand_mark.svg").write_text(inline + "\n")
    fonts = FONTS.as_uri()
    card = f"""<!doctype html><meta charset="utf-8"><style>
@font-face {{ font-family: C; src: url("{fonts}/cormorant-garamond-600.woff2"); font-weight: 600; }}
@font-face {{ font-family: D; src: url("{fonts}/dm-sans-600.woff2"); font-weight: 600; }}
html, body {{ margin: 0; width: 1200px; height: 630px; overflow: hidden; }}
body {{ display: flex; align-items: center; gap: 56px; padding: 0 110px; box-sizing: border-box;
  background: #f6efe4; color: #1b3128; border-bottom: 24px solid #2c4a3e; }}
svg {{ width: 220px; height: 220px; flex: none; }}
h1 {{ margin: 0; font: 600 112px/1 C, serif; letter-spacing: 0.01em; }}
p {{ margin: 18px 0 0; font: 600 30px/1.3 D, sans-serif; letter-spacing: 0.28em;
  text-transform: uppercase; color: #94492b; }}
</style><body>{mark}<div><h1>Solenne</h1><p>Med Spa · Portland</p></div>"""
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "card.html"
        page.write_text(card)
        subprocess.run(  # noqa: S603 (our own fixed arguments)
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                f"--user-data-dir={folder}/profile",
                "--window-size=1200,630",
                f"--screenshot={ROOT / 'static' / 'img' / 'social-card.png'}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


if __name__ == "__main__":
    build_fonts()
    build_brand()
    sys.exit(0)
