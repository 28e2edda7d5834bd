"""The picture shown beside a shared link (Open Graph): the page's title in large
type on the site's colours, 1200×630 as link previews expect. Plain data in, PNG
bytes out; `services.preview_image_build` stores it."""

import io
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
PAPER = (255, 253, 248)
INK = (27, 27, 27)
ACCENT = (11, 83, 148)
MUTED = (74, 74, 74)
TITLE_SIZES = (84, 76, 68, 60, 54, 48)
TITLE_MAX_LINES = 4
FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts" / "dejavu"


def _font(bold, size):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), size)


def _wrap(draw, text, font, width):
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _title_lines(draw, title, width):
    # The largest size at which the whole title fits; at the smallest, the
    # lines past the last are cut with an ellipsis.
    for size in TITLE_SIZES:
        font = _font(True, size)
        lines = _wrap(draw, title, font, width)
        if len(lines) <= TITLE_MAX_LINES:
            return font, lines
    lines = lines[:TITLE_MAX_LINES]
    lines[-1] = lines[-1].rstrip(".,;:") + "…"
    return font, lines


def render_preview(*, title, kicker, site_name):
    """PNG bytes: `kicker` (the course, or "Kelas") above the title, the site's
    name along the bottom."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 24), fill=ACCENT)
    draw.rectangle((0, HEIGHT - 110, WIDTH, HEIGHT), fill=ACCENT)
    text_width = WIDTH - 2 * MARGIN
    kicker_font = _font(True, 40)
    kicker_lines = _wrap(draw, kicker, kicker_font, text_width)[:1]
    y = 70
    for line in kicker_lines:
        draw.text((MARGIN, y), line, font=kicker_font, fill=MUTED)
        y += 58
    y += 16
    font, lines = _title_lines(draw, title, text_width)
    line_height = int(font.size * 1.2)
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=INK)
        y += line_height
    site_font = _font(True, 38)
    site_line = _wrap(draw, site_name, site_font, text_width)[0]
    draw.text((MARGIN, HEIGHT - 78), site_line, font=site_font, fill=(255, 255, 255))
    # Few colours: a palette PNG is a fifth of the size of a full-colour one.
    output = io.BytesIO()
    image.quantize(colors=32, method=Image.Quantize.MEDIANCUT).save(
        output, format="PNG", optimize=True
    )
    return output.getvalue()
