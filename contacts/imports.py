"""Reading and checking a CSV of contacts. Nothing here writes: services.py does, once a file is clean.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first contact row 2.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cmcoord.models import Operation, Organization

from .models import Contact, ContactEmail, ContactPhone, Function

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000

COLUMNS = [
    "name",
    "title",
    "organization",
    "emails",
    "mobile",
    "landline",
    "satellite",
    "radio_call_sign",
    "location",
    "languages",
    "functions",
    "sharing",
    "notes",
    "last_verified",
]
REQUIRED_COLUMNS = ("name", "organization")
ALIASES = {
    "organisation": "organization",
    "org": "organization",
    "email": "emails",
    "e-mail": "emails",
    "phone": "mobile",
    "call_sign": "radio_call_sign",
    "callsign": "radio_call_sign",
    "radio": "radio_call_sign",
    "language": "languages",
    "function": "functions",
    "sharing_level": "sharing",
    "verified": "last_verified",
}
MAX_LENGTHS = {
    "name": 200,
    "title": 200,
    "radio_call_sign": 50,
    "location": 200,
    "languages": 200,
    "notes": 5000,
}
PHONE_KINDS = (ContactPhone.Kind.MOBILE, ContactPhone.Kind.LANDLINE, ContactPhone.Kind.SATELLITE)
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ().\-/]{3,38}$")
SPLIT_RE = re.compile(r"[;,\n]+")
SHARING_WORDS = {
    "everyone": Contact.Sharing.EVERYONE,
    "everyone in the operation": Contact.Sharing.EVERYONE,
    "humanitarian": Contact.Sharing.HUMANITARIAN,
    "humanitarian only": Contact.Sharing.HUMANITARIAN,
    "ocha": Contact.Sharing.OCHA,
    "ocha only": Contact.Sharing.OCHA,
}


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, size, header)."""


def split_values(text: str) -> list[str]:
    return [part.strip() for part in SPLIT_RE.split(text or "") if part.strip()]


def parse_emails(text: str) -> tuple[list[str], list[str]]:
    """(addresses lower-cased, error messages) from a list separated by commas, semicolons or lines."""
    emails: list[str] = []
    errors: list[str] = []
    for part in re.split(r"[;,\s]+", text or ""):
        if not part:
            continue
        try:
            validate_email(part)
        except ValidationError:
            errors.append(_("“%(value)s” is not a valid email address.") % {"value": part})
            continue
        if part.lower() not in emails:
            emails.append(part.lower())
    return emails, errors


def parse_phones(text: str) -> tuple[list[str], list[str]]:
    """(numbers, error messages) from a list separated by commas or semicolons."""
    numbers: list[str] = []
    errors: list[str] = []
    for part in split_values(text):
        digits = sum(ch.isdigit() for ch in part)
        if not PHONE_RE.match(part) or digits < 5:
            errors.append(
                _("“%(value)s” is not a phone number (digits, spaces, + ( ) - . / only).") % {"value": part}
            )
        elif part not in numbers:
            numbers.append(part)
    return numbers, errors


def parse_functions(text: str) -> tuple[list[str], list[str]]:
    """(function codes, error messages); a function is given by its code or its label."""
    by_word = {code: code for code in Function.values}
    # A file may name functions in English or in the language of the person importing it.
    with translation.override("en"):
        by_word.update({str(label).casefold(): code for code, label in Function.choices})
    by_word.update({str(label).casefold(): code for code, label in Function.choices})
    codes: list[str] = []
    errors: list[str] = []
    for part in split_values(text):
        code = by_word.get(part.casefold()) or by_word.get(part.casefold().replace(" ", "_"))
        if code is None:
            errors.append(_("Unknown function “%(value)s”.") % {"value": part})
        elif code not in codes:
            codes.append(code)
    return codes, errors


def decode(data: bytes) -> str:
    """The file's text; a file that is not UTF-8 is refused with one clear message."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            _("The file is larger than %(size)d MB.") % {"size": MAX_BYTES // (1024 * 1024)}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _("The file is not UTF-8 text. Save it from your spreadsheet as “CSV UTF-8” and upload it again.")
        ) from None
    # A NUL character is no text a person typed (and PostgreSQL refuses it in the batch's JSONB).
    if "\x00" in text:
        raise ImportFileError(_("The file holds a NUL character: it is not a text table."))
    return text


def _column(header: str) -> str:
    key = re.sub(r"\s+", "_", header.strip().lower())
    return ALIASES.get(key, key)


def read_rows(text: str) -> list[dict]:
    """[{row, values}] from the CSV text; raises ImportFileError when the file cannot be read as a table."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None
    except csv.Error as exc:
        raise ImportFileError(
            _("The file is not a readable CSV table (%(error)s).") % {"error": exc}
        ) from None
    columns = [_column(h) for h in header]
    unknown = [h for h, c in zip(header, columns, strict=True) if c and c not in COLUMNS]
    if unknown:
        raise ImportFileError(
            _("Unknown column(s): %(unknown)s. The columns are: %(columns)s")
            % {"unknown": ", ".join(f"“{u}”" for u in unknown), "columns": ", ".join(COLUMNS)}
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise ImportFileError(
            _("The header lacks the column(s): %(columns)s.") % {"columns": ", ".join(missing)}
        )
    rows = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportFileError(
                    _("The file has more than %(count)d contacts; split it.") % {"count": MAX_ROWS}
                )
            values = {c: (cells[i].strip() if i < len(cells) else "") for i, c in enumerate(columns) if c}
            rows.append({"row": reader.line_num, "values": values})
    except csv.Error as exc:
        raise ImportFileError(
            _("Row %(row)d cannot be read (%(error)s).") % {"row": reader.line_num, "error": exc}
        ) from None
    if not rows:
        raise ImportFileError(_("The file has a header but no contacts."))
    return rows


@dataclass
class CheckedRow:
    row: int
    name: str
    title: str
    organization: Organization | None
    emails: list[str]
    phones: list[tuple[str, str]]
    radio_call_sign: str
    location: str
    languages: str
    functions: list[str]
    sharing: str
    notes: str
    last_verified: datetime.date | None
    errors: list[dict] = field(default_factory=list)


def _organization_index(operation: Operation) -> dict[str, Organization]:
    index: dict[str, Organization] = {}
    for org in operation.organizations.all():
        index[org.name.casefold()] = org
        if org.acronym:
            index.setdefault(org.acronym.casefold(), org)
    return index


def check_rows(operation: Operation, rows: list[dict]) -> tuple[list[CheckedRow], list[dict]]:
    """Every row checked: (rows, errors as [{row, column, message}]) — every error, not just the first.

    Duplicates are looked for within the file and against the operation's directory, by email and by name +
    organisation. A constant number of queries whatever the size of the file.
    """
    orgs = _organization_index(operation)
    existing_emails = dict(
        ContactEmail.objects.filter(contact__operation=operation).values_list("email", "contact__name")
    )
    existing_names = {
        (name.casefold(), org_id)
        for name, org_id in Contact.objects.filter(operation=operation).values_list("name", "organization_id")
    }
    seen_emails: dict[str, int] = {}
    seen_names: dict[tuple[str, int], int] = {}
    checked: list[CheckedRow] = []
    errors: list[dict] = []
    today = timezone.localdate()

    for raw in rows:
        n, values = raw["row"], raw["values"]
        row_errors: list[dict] = []

        def error(column: str, message: str, *, _n=n, _errors=row_errors) -> None:
            _errors.append({"row": _n, "column": column, "message": message})

        name = values.get("name", "")
        if not name:
            error("name", _("A name is required."))
        for column, limit in MAX_LENGTHS.items():
            if len(values.get(column, "")) > limit:
                error(column, _("At most %(limit)d characters.") % {"limit": limit})

        org_text = values.get("organization", "")
        organization = orgs.get(org_text.casefold()) if org_text else None
        if not org_text:
            error("organization", _("An organisation is required."))
        elif organization is None:
            error(
                "organization",
                _(
                    "Unknown organisation “%(value)s”: give the acronym or name of one of the operation's "
                    "organisations."
                )
                % {"value": org_text},
            )

        emails, messages = parse_emails(values.get("emails", ""))
        for message in messages:
            error("emails", message)
        phones: list[tuple[str, str]] = []
        for kind in PHONE_KINDS:
            numbers, messages = parse_phones(values.get(kind, ""))
            phones.extend((kind, number) for number in numbers)
            for message in messages:
                error(kind, message)
        functions, messages = parse_functions(values.get("functions", ""))
        for message in messages:
            error(
                "functions",
                message
                + " "
                + _("Known functions: %(list)s.")
                % {"list": ", ".join(str(label) for label in Function.labels)},
            )

        sharing_text = values.get("sharing", "").strip().casefold()
        sharing = SHARING_WORDS.get(sharing_text, "") if sharing_text else Contact.Sharing.HUMANITARIAN
        if not sharing:
            error(
                "sharing",
                _("Unknown sharing level “%(value)s”: everyone, humanitarian or ocha.")
                % {"value": values.get("sharing")},
            )

        last_verified = None
        if values.get("last_verified"):
            try:
                last_verified = datetime.date.fromisoformat(values["last_verified"])
            except ValueError:
                error("last_verified", _("A date is written YYYY-MM-DD."))
            else:
                if last_verified > today:
                    error("last_verified", _("The date is in the future."))

        for email in emails:
            if email in seen_emails:
                error(
                    "emails",
                    _("%(email)s is also on row %(row)d.") % {"email": email, "row": seen_emails[email]},
                )
            else:
                seen_emails[email] = n
            if email in existing_emails:
                error("emails", f"{email} already belongs to {existing_emails[email]} in the directory.")
        if name and organization is not None:
            key = (name.casefold(), organization.pk)
            if key in seen_names:
                error("name", f"{name} of {organization.short_name} is also on row {seen_names[key]}.")
            else:
                seen_names[key] = n
            if key in existing_names:
                error("name", f"{name} of {organization.short_name} is already in the directory.")

        errors.extend(row_errors)
        checked.append(
            CheckedRow(
                row=n,
                name=name,
                title=values.get("title", ""),
                organization=organization,
                emails=emails,
                phones=phones,
                radio_call_sign=values.get("radio_call_sign", ""),
                location=values.get("location", ""),
                languages=values.get("languages", ""),
                functions=functions,
                sharing=sharing or Contact.Sharing.HUMANITARIAN,
                notes=values.get("notes", ""),
                last_verified=last_verified,
                errors=row_errors,
            )
        )
    return checked, errors
