"""A published check's share image: 1200 by 630 pixels with the verdict in words on its
colour, the claim, who said it and when, and the site's name.

Drawn with Pillow in Noto Sans (Latin, Cyrillic and Greek; installed as a package, so nothing
is downloaded), by a background task when a check is published or corrected, and stored under
a name holding the check's version: a correction gives the image a new address, so the long
cache lifetime it is served with never shows an old verdict.
"""

import io
from functools import cache

import fontpkg
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from .models import Claim
from .queue import background

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
BAND = 150  # the verdict's coloured band across the top
INK, MUTED, PAPER = "#1b1f24", "#555f6a", "#ffffff"
CLAIM_TOP, CLAIM_BOTTOM = BAND + 40, HEIGHT - 150  # the claim's box, above who said it
CLAIM_SIZES = (56, 48, 42, 36)  # the largest at which the whole claim fits is used
ELLIPSIS = "…"


def storage_name(slug, version):
    return f"share/{slug}-v{version}.png"


@cache
def font(size, weight="Regular"):
    face = ImageFont.truetype(str(fontpkg.path("Noto Sans")), size)
    face.set_variation_by_name(weight)
    return face


def wrap(text, face, width, max_lines):
    """(lines, shortened): ``text`` in lines no wider than ``width``, broken only between
    words. Past ``max_lines`` the last line kept ends at a whole word followed by "…"."""
    lines = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and face.getlength(candidate) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    if len(lines) <= max_lines:
        return lines, False
    kept = lines[:max_lines]
    last = kept[-1]
    while " " in last and face.getlength(last + ELLIPSIS) > width:
        last = last.rsplit(" ", 1)[0]
    kept[-1] = last + ELLIPSIS
    return kept, True


def _line_height(size):
    return round(size * 1.3)


def _claim_lines(text, width):
    """The claim's font size and lines: the largest size at which it fits its box whole,
    else the smallest, shortened."""
    for size in CLAIM_SIZES:
        fits = (CLAIM_BOTTOM - CLAIM_TOP) // _line_height(size)
        face = font(size, "Medium")
        lines, shortened = wrap(text, face, width - face.getlength("“”"), fits)
        if not shortened:
            break
    lines[0], lines[-1] = f"“{lines[0]}", f"{lines[-1]}”"
    return size, lines


def render(claim):
    """The PNG of ``claim``'s share image (its speaker and rating loaded)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    rating = claim.rating
    draw.rectangle((0, 0, WIDTH, BAND), fill=rating.colour)
    draw.text(
        (MARGIN, BAND // 2),
        rating.name.upper(),
        font=font(76, "Bold"),
        fill=rating.text_colour,
        anchor="lm",
    )
    draw.text(
        (WIDTH - MARGIN, BAND // 2),
        _("FACT-CHECK"),
        font=font(28, "SemiBold"),
        fill=rating.text_colour,
        anchor="rm",
    )
    width = WIDTH - 2 * MARGIN
    size, lines = _claim_lines(claim.text, width)
    y = CLAIM_TOP
    for line in lines:
        draw.text((MARGIN, y), line, font=font(size, "Medium"), fill=INK)
        y += _line_height(size)
    said = claim.speaker.name
    if claim.claim_date:
        said = f"{said}, {date_format(claim.claim_date, 'j F Y')}"
    (said,), _shortened = wrap(f"— {said}", font(32), width, 1)
    draw.text((MARGIN, HEIGHT - 110), said, font=font(32), fill=MUTED, anchor="ls")
    draw.line((MARGIN, HEIGHT - 86, WIDTH - MARGIN, HEIGHT - 86), fill="#d8dee4", width=2)
    (site,), _shortened = wrap(settings.FACTCHECK_ORG_NAME, font(30, "Bold"), width, 1)
    draw.text((MARGIN, HEIGHT - 40), site, font=font(30, "Bold"), fill=INK, anchor="ls")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def store(claim_id):
    """Draw the share image of a published check's current version, unless it is drawn
    already; returns its storage name (None when the check is not published)."""
    claim = Claim.objects.listed().select_related("speaker", "rating").filter(pk=claim_id).first()
    if claim is None:
        return None
    name = storage_name(claim.slug, claim.version)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(render(claim)))
    return name


@background()
def draw_share_image(claim_id):
    """Draw a published check's share image for its current version (queued by the workflow
    when the check is published or corrected)."""
    store(claim_id)
