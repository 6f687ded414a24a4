"""Draw the two add-ons' Apps icons (static/description/icon.png) with Pillow.

gold_units: a gold ingot; gold_mes: a gold ingot on a balance's pan.  Flat
shapes on a rounded dark tile, 256 x 256, drawn at 4x and scaled down for
smooth edges.  Run with any Python that has Pillow:  python3 tools/gen_icons.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
SIZE, SCALE = 256, 4
TILE = (32, 54, 71)
GOLD, GOLD_LIGHT, GOLD_DARK = (232, 177, 39), (250, 214, 110), (176, 124, 18)
STEEL = (214, 222, 228)


def _tile():
    big = SIZE * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=48 * SCALE, fill=TILE)
    return image, draw


def _ingot(draw, cx, base, width, height):
    """A trapezoid bar with a lighter top face, centred on ``cx``, resting on ``base``."""
    s = SCALE
    half, top_half = width / 2, width * 0.36
    draw.polygon(
        [
            ((cx - half) * s, base * s),
            ((cx + half) * s, base * s),
            ((cx + top_half) * s, (base - height) * s),
            ((cx - top_half) * s, (base - height) * s),
        ],
        fill=GOLD,
    )
    face = height * 0.28
    draw.polygon(
        [
            ((cx - top_half) * s, (base - height) * s),
            ((cx + top_half) * s, (base - height) * s),
            ((cx + top_half * 0.82) * s, (base - height + face) * s),
            ((cx - top_half * 0.82) * s, (base - height + face) * s),
        ],
        fill=GOLD_LIGHT,
    )
    draw.line(
        [((cx - half) * s, base * s), ((cx + half) * s, base * s)], fill=GOLD_DARK, width=4 * s
    )


def _save(image, module):
    target = ROOT / "addons" / module / "static" / "description" / "icon.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    image.resize((SIZE, SIZE), Image.LANCZOS).save(target, optimize=True)
    print(f"wrote {target.relative_to(ROOT)}")


def units_icon():
    image, draw = _tile()
    _ingot(draw, 128, 178, 150, 62)
    _ingot(draw, 128, 112, 104, 44)
    _save(image, "gold_units")


def mes_icon():
    image, draw = _tile()
    s = SCALE
    # the balance: foot, column, beam and a pan under the ingot
    draw.rounded_rectangle((78 * s, 206 * s, 178 * s, 220 * s), radius=6 * s, fill=STEEL)
    draw.rectangle((122 * s, 150 * s, 134 * s, 208 * s), fill=STEEL)
    draw.rounded_rectangle((52 * s, 140 * s, 204 * s, 154 * s), radius=6 * s, fill=STEEL)
    _ingot(draw, 128, 138, 120, 52)
    # the reading: three small bars for a display
    for index, x in enumerate((60, 76, 92)):
        draw.rectangle((x * s, (52 - index * 8) * s, (x + 10) * s, 68 * s), fill=GOLD_LIGHT)
    _save(image, "gold_mes")


if __name__ == "__main__":
    units_icon()
    mes_icon()
