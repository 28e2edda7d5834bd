"""The printable card of official channels: large print on A4, and a wallet
card (8 panels of 85 × 54 mm on one A4 sheet, cut out and folded like a map).

`card_data` turns the live channel groups into plain data; the renderers take
that data and return PDF bytes."""

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    FrameBreak,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from literacy_site.pdf import (
    CONTENT_WIDTH,
    FONT_FAMILY,
    INK,
    PANEL_FILL,
    RULE,
    boxed,
    escape,
    qr_code,
    register_fonts,
    render_pdf,
    styles,
)

CHANNEL_QR_SIZE = 2.6 * cm
PAGE_QR_SIZE = 3.5 * cm
# A wallet card: the size of a bank card, so it fits where the bank card goes.
PANEL_WIDTH = 85 * mm
PANEL_HEIGHT = 54 * mm
PANEL_COLUMNS = 2
PANEL_ROWS = 4
PANEL_PADDING = 3 * mm
WALLET_SIZE = 10
WALLET_QR_SIZE = 2.4 * cm


@dataclass(frozen=True)
class CardChannel:
    name: str
    platform: str
    address: str
    href: str = ""


@dataclass(frozen=True)
class CardGroup:
    label: str
    channels: tuple


@dataclass(frozen=True)
class ChannelCard:
    title: str
    url: str
    groups: tuple


def card_data(groups, *, url):
    """Plain data of the card from `selectors.official_channels_by_purpose()`."""
    return ChannelCard(
        title=_("Official channels"),
        url=url,
        groups=tuple(
            CardGroup(
                label=str(group.label),
                channels=tuple(
                    CardChannel(
                        name=channel.name,
                        platform=channel.get_platform_display(),
                        address=channel.address,
                        # Only web addresses get a code: a phone number is
                        # dialled, not scanned.
                        href=channel.href if channel.href.startswith("http") else "",
                    )
                    for channel in group.channels
                ),
            )
            for group in groups
        ),
    )


def _qr_beside(qr, content, width, qr_size):
    table = Table(
        [[content, qr]],
        colWidths=[width - qr_size - 0.3 * cm, qr_size + 0.3 * cm],
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT_FAMILY),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def render_a4(card, organisation):
    """Large print on A4: each group, each channel with a QR code to its site."""
    style = styles()
    story = [Paragraph(escape(card.title), style["title"])]
    story.append(
        _qr_beside(
            qr_code(card.url, PAGE_QR_SIZE),
            [
                Paragraph(
                    escape(
                        _(
                            "Only trust these addresses and numbers. Anyone who "
                            "contacts you from another one is not the office."
                        )
                    ),
                    style["body"],
                ),
                Paragraph(escape(card.url), style["small"]),
            ],
            CONTENT_WIDTH,
            PAGE_QR_SIZE,
        )
    )
    for group in card.groups:
        story.append(Paragraph(escape(group.label), style["heading"]))
        for channel in group.channels:
            text = [
                Paragraph(f"<b>{escape(channel.name)}</b>", style["body"]),
                Paragraph(
                    f"{escape(channel.platform)}: <b>{escape(channel.address)}</b>",
                    style["body"],
                ),
            ]
            inner = CONTENT_WIDTH - 20
            content = (
                _qr_beside(
                    qr_code(channel.href, CHANNEL_QR_SIZE),
                    text,
                    inner,
                    CHANNEL_QR_SIZE,
                )
                if channel.href
                else text
            )
            box = boxed([content] if channel.href else content, fill=PANEL_FILL)
            story += [KeepTogether([box]), Spacer(1, 6)]
    return render_pdf(story, title=card.title, organisation=organisation)


def _wallet_styles():
    family = register_fonts()
    body = ParagraphStyle(
        "wallet",
        fontName=family,
        fontSize=WALLET_SIZE,
        leading=WALLET_SIZE * 1.2,
        textColor=INK,
    )
    return {
        "body": body,
        "heading": ParagraphStyle(
            "wallet_heading",
            parent=body,
            fontName=f"{family}-Bold",
            fontSize=WALLET_SIZE + 1.5,
            leading=(WALLET_SIZE + 1.5) * 1.2,
            spaceBefore=2,
            keepWithNext=True,
        ),
        "title": ParagraphStyle(
            "wallet_title",
            parent=body,
            fontName=f"{family}-Bold",
            fontSize=14,
            leading=17,
        ),
    }


def _panel_frames(page_width, page_height):
    left = (page_width - PANEL_COLUMNS * PANEL_WIDTH) / 2
    top = (page_height + PANEL_ROWS * PANEL_HEIGHT) / 2
    frames = []
    # Down the left column, then down the right: the order the panels are read
    # in once folded.
    for column in range(PANEL_COLUMNS):
        for row in range(PANEL_ROWS):
            frames.append(
                Frame(
                    left + column * PANEL_WIDTH,
                    top - (row + 1) * PANEL_HEIGHT,
                    PANEL_WIDTH,
                    PANEL_HEIGHT,
                    leftPadding=PANEL_PADDING,
                    rightPadding=PANEL_PADDING,
                    topPadding=PANEL_PADDING,
                    bottomPadding=PANEL_PADDING,
                    id=f"panel-{column}-{row}",
                )
            )
    return frames, left, top


def render_wallet(card, organisation):
    """Eight bank-card-sized panels on an A4 sheet, with cut and fold lines."""
    style = _wallet_styles()
    family = register_fonts()
    buffer = io.BytesIO()
    page_width, page_height = A4
    frames, left, top = _panel_frames(page_width, page_height)

    def cut_and_fold_lines(canvas, document):
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        width = PANEL_COLUMNS * PANEL_WIDTH
        height = PANEL_ROWS * PANEL_HEIGHT
        canvas.rect(left, top - height, width, height)  # cut along this
        canvas.setDash(3, 3)
        canvas.line(left + PANEL_WIDTH, top, left + PANEL_WIDTH, top - height)
        for row in range(1, PANEL_ROWS):
            y = top - row * PANEL_HEIGHT
            canvas.line(left, y, left + width, y)
        canvas.setFont(family, 9)
        canvas.setFillColor(INK)
        canvas.drawString(
            left,
            top + 4 * mm,
            _("Cut along the solid line, fold along the dashed lines."),
        )
        canvas.restoreState()

    document = BaseDocTemplate(
        buffer,
        pagesize=A4,
        title=card.title,
        author=organisation.name if organisation else "",
        initialFontName=FONT_FAMILY,
    )
    document.addPageTemplates(
        [PageTemplate(id="wallet", frames=frames, onPage=cut_and_fold_lines)]
    )
    front = [Paragraph(escape(card.title), style["title"])]
    if organisation:
        front.append(Paragraph(escape(organisation.name), style["body"]))
    front += [
        Spacer(1, 2 * mm),
        _qr_beside(
            qr_code(card.url, WALLET_QR_SIZE),
            [Paragraph(escape(_("Scan for the full list:")), style["body"])],
            PANEL_WIDTH - 2 * PANEL_PADDING,
            WALLET_QR_SIZE,
        ),
    ]
    story = [KeepTogether(front), FrameBreak()]
    for group in card.groups:
        story.append(Paragraph(escape(group.label), style["heading"]))
        story += [
            Paragraph(
                f"{escape(channel.name)}: <b>{escape(channel.address)}</b>",
                style["body"],
            )
            for channel in group.channels
        ]
    document.build(story)
    return buffer.getvalue()
