"""A participant's own record as a large-print PDF, to hand to them on request.

Takes the plain data of `selectors.participant_record` and returns bytes.
"""

from django.utils.translation import gettext as _
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from literacy_site import pdf
from workshops.normalise import phone_local

LABEL_WIDTH = 6 * cm


def _facts(rows):
    """Label and value side by side, for short facts."""
    style = pdf.styles()
    table = Table(
        [
            [Paragraph(pdf.escape(label), style["strong"]), _text(value)]
            for label, value in rows
        ],
        colWidths=[LABEL_WIDTH, pdf.CONTENT_WIDTH - LABEL_WIDTH],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, pdf.RULE),
            ]
        )
    )
    return table


def _text(value, style="body"):
    # markup(), not escape(): a name in Javanese, Chinese or Arabic script needs
    # its fallback font, as on the certificate.
    return Paragraph(
        pdf.markup(value if value not in (None, "") else "–"), pdf.styles()[style]
    )


def _when(value):
    """ISO date and time as people read it: 2026-11-26 14:05."""
    return value[:16].replace("T", " ") if value else ""


def render_personal_data(record, *, organisation) -> bytes:
    style = pdf.styles()
    person = record["participant"]
    story = [
        Paragraph(pdf.escape(_("Personal data held about you")), style["title"]),
        _text(
            _("Made on %(date)s. UU PDP No. 27/2022 gives you the right to see it.")
            % {"date": _when(record["exported_at"])}
        ),
        Paragraph(pdf.escape(_("About you")), style["heading"]),
        _facts(
            [
                (_("Full name"), person["full_name"]),
                (_("Year of birth"), person["birth_year"]),
                (_("Gender"), person["gender"]),
                (_("Desa"), f"{person['desa']}, {person['kecamatan']}"),
                (_("Phone"), phone_local(person["phone"])),
                (_("Needs"), person["needs"]),
                (_("Entered on"), _when(person["entered_at"])),
            ]
        ),
        Paragraph(pdf.escape(_("Your consent")), style["heading"]),
        _facts(
            [
                (_("Given on"), _when(record["consent"]["given_at"])),
                (_("Text version"), record["consent"]["version"]),
                (_("You agreed to"), record["consent"]["text"]),
            ]
        ),
        Paragraph(pdf.escape(_("Workshops")), style["heading"]),
    ]
    if not record["registrations"]:
        story.append(_text(_("None.")))
    for registration in record["registrations"]:
        story.append(_text(registration["workshop"], "strong"))
        rows = [
            (_("Registration"), registration["status"]),
            (_("Registered on"), _when(registration["registered_at"])),
        ]
        rows += [
            (_("Session %(date)s") % {"date": mark["session_date"]}, mark["status"])
            for mark in registration["attendance"]
        ]
        story += [_facts(rows), Spacer(1, 0.4 * cm)]
    story.append(Paragraph(pdf.escape(_("Certificates")), style["heading"]))
    if not record["certificates"]:
        story.append(_text(_("None.")))
    for certificate in record["certificates"]:
        story += [
            _facts(
                [
                    (_("Number"), certificate["number"]),
                    (_("Code"), certificate["verification_code"]),
                    (_("Workshop"), certificate["workshop"]),
                    (_("Name as printed"), certificate["name_as_printed"]),
                    (_("Issued on"), _when(certificate["issued_at"])),
                    (_("Revoked on"), _when(certificate["revoked_at"])),
                ]
            ),
            Spacer(1, 0.4 * cm),
        ]
    story.append(
        Paragraph(pdf.escape(_("What was done with your data")), style["heading"])
    )
    for entry in record["log"]:
        story.append(
            _text(f"{_when(entry['at'])} — {entry['what']} ({entry['about']})", "small")
        )
    return pdf.render_pdf(
        story,
        title=_("Personal data held about you"),
        organisation=organisation,
    )
