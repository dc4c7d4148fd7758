"""What every upload shares: the one table of file types, and the check that a file's content is the type its
name says (a .docx or .xlsx is a ZIP holding that kind of document, not any ZIP)."""

import zipfile
from pathlib import Path
from typing import IO, Any

# Extension -> the first bytes such a file starts with (None: plain text, nothing cheap to sniff).
SIGNATURES: dict[str, tuple[bytes, ...] | None] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "csv": None,
    "txt": None,
}
# Office documents are ZIP containers; the member that makes each one what it is.
ZIP_MEMBERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "odt": "content.xml"}


def extension_of(name: str) -> str:
    """The lower-case extension of a file name, without its dot ("" when there is none)."""
    return Path(name).suffix.lower().lstrip(".")


def too_large(file: Any, max_bytes: int) -> bool:
    return file.size > max_bytes


def content_matches(file: IO[Any], extension: str) -> bool:
    """Whether the file's content is of the type its extension names (the file's position is kept)."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(512)
        if isinstance(head, str):
            head = head.encode()
        signatures = SIGNATURES.get(extension)
        if signatures is None:
            return extension in SIGNATURES and b"\x00" not in head
        if not head.startswith(signatures):
            return False
        member = ZIP_MEMBERS.get(extension)
        if member is None:
            return True
        file.seek(0)
        try:
            with zipfile.ZipFile(file) as archive:
                return member in archive.namelist()
        except (zipfile.BadZipFile, ValueError, OSError):
            return False
    finally:
        file.seek(position)
