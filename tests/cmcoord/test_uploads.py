"""The one check of uploaded files (cmcoord.uploads): the content is the type the name says, and an office
document is the ZIP of that kind of document, not any ZIP renamed."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cmcoord.exports import safe_cell
from cmcoord.uploads import content_matches, extension_of


def _zip(*members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in members:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("a.docx", _zip("word/document.xml"), True),
        ("a.xlsx", _zip("xl/workbook.xml"), True),
        ("a.odt", _zip("mimetype", "content.xml"), True),
        ("a.docx", _zip("xl/workbook.xml"), False),  # a spreadsheet renamed .docx
        ("a.xlsx", _zip("evil.exe"), False),  # any ZIP renamed .xlsx
        ("a.docx", b"PK\x03\x04 not a zip at all", False),
        ("a.pdf", b"%PDF-1.7 ...", True),
        ("a.pdf", b"MZ\x90\x00", False),
        ("a.txt", b"plain text", True),
        ("a.txt", b"bin\x00ary", False),
        ("a.exe", b"MZ\x90\x00", False),
    ],
)
def test_content_matches_the_extension(name, content, ok):
    upload = SimpleUploadedFile(name, content)
    upload.read(3)  # the position is kept whatever the check reads
    assert content_matches(upload, extension_of(name)) is ok
    assert upload.tell() == 3


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("\tx", "'\tx"),
        ("+258 84 000 1111", "+258 84 000 1111"),  # a phone number stays as it is
        ("-19.79639", "-19.79639"),
        ("Buzi", "Buzi"),
        (None, ""),
        (12, 12),
    ],
)
def test_export_cells_never_run_as_formulas(value, cell):
    assert safe_cell(value) == cell
