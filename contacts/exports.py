"""CSV and vCard 3.0 renderings of contacts. The caller passes only contacts the user may see, and says
whether the personal fields may be included (permissions.sees_personal_fields)."""

import csv
import io
from collections.abc import Iterable

from cmcoord.exports import safe_cell

from .models import Contact, ContactPhone
from .permissions import WORK_FIELDS

# The work fields (permissions.WORK_FIELDS), with one column per kind of phone.
WORK_COLUMNS = [c for f in WORK_FIELDS for c in (ContactPhone.Kind.values if f == "phones" else [f])]
PERSONAL_COLUMNS = ["sharing", "notes"]


def _phones(contact: Contact, kind: str) -> str:
    return "; ".join(p.number for p in contact.phones.all() if p.kind == kind)


def contacts_csv(contacts: Iterable[Contact], *, personal: bool) -> str:
    """The contacts in the import's columns, so an export can be edited and imported elsewhere."""
    columns = WORK_COLUMNS + (PERSONAL_COLUMNS if personal else [])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for c in contacts:
        row = {
            "name": c.name,
            "title": c.title,
            "organization": c.organization.short_name,
            "emails": "; ".join(e.email for e in c.emails.all()),
            "mobile": _phones(c, "mobile"),
            "landline": _phones(c, "landline"),
            "satellite": _phones(c, "satellite"),
            "radio_call_sign": c.radio_call_sign,
            "location": c.location,
            "languages": c.languages,
            "functions": "; ".join(c.function_labels),
            "last_verified": c.last_verified.isoformat() if c.last_verified else "",
        }
        if personal:
            row["sharing"] = c.sharing
            row["notes"] = c.notes
        writer.writerow([safe_cell(row[col]) for col in columns])
    return out.getvalue()


def vcard_escape(value: str) -> str:
    """Escape a text value (RFC 2426 §4): backslash, comma, semicolon, newline."""
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character (RFC 2425 §5.8.1)."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += ch
        size += width
    out.append(current)
    return "\r\n".join(out)


TEL_TYPES = {"mobile": "CELL,VOICE", "landline": "WORK,VOICE", "satellite": "VOICE,X-SATELLITE"}


def _split_name(name: str) -> tuple[str, str]:
    parts = name.rsplit(" ", 1)
    return (parts[1], parts[0]) if len(parts) == 2 else (name, "")


def contact_vcard(contact: Contact, *, personal: bool) -> str:
    family, given = _split_name(contact.name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"FN:{vcard_escape(contact.name)}",
        f"N:{vcard_escape(family)};{vcard_escape(given)};;;",
        f"ORG:{vcard_escape(contact.organization.name)}",
    ]
    if contact.title:
        lines.append(f"TITLE:{vcard_escape(contact.title)}")
    for email in contact.emails.all():
        lines.append(f"EMAIL;TYPE=INTERNET:{vcard_escape(email.email)}")
    for phone in contact.phones.all():
        lines.append(f"TEL;TYPE={TEL_TYPES[phone.kind]}:{vcard_escape(phone.number)}")
    if contact.location:
        lines.append(f"ADR;TYPE=WORK:;;;{vcard_escape(contact.location)};;;")
    if contact.function_labels:
        lines.append("CATEGORIES:" + ",".join(vcard_escape(label) for label in contact.function_labels))
    if contact.radio_call_sign:
        lines.append(f"X-CMCOORD-CALL-SIGN:{vcard_escape(contact.radio_call_sign)}")
    if contact.languages:
        lines.append(f"X-CMCOORD-LANGUAGES:{vcard_escape(contact.languages)}")
    if contact.last_verified:
        lines.append(f"REV:{contact.last_verified.isoformat()}")
    if personal and contact.notes:
        lines.append(f"NOTE:{vcard_escape(contact.notes)}")
    lines.append(f"UID:urn:cmcoord:contact:{contact.pk}")
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)


def contacts_vcard(contacts: Iterable[Contact], *, personal: bool) -> str:
    return "".join(contact_vcard(c, personal=personal) for c in contacts)
