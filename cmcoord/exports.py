"""What every export shares: spreadsheet cells that cannot run as formulas (CSV injection)."""

import re
from typing import Any

_FORMULA_START = "=@\t\r"
_SIGNED = "+-"
# A phone number or a signed number (+258 84 000 1111, -19.79) is data, not a formula.
_NUMBERISH = re.compile(r"^[+\-][0-9 ().\-/]*$")


def safe_cell(value: Any) -> Any:
    """The value as a CSV/XLSX cell: a text that a spreadsheet would run as a formula gets a leading
    apostrophe; None becomes an empty cell; other values are left as they are."""
    if value is None:
        return ""
    formula = isinstance(value, str) and (
        value[:1] in tuple(_FORMULA_START) or (value[:1] in tuple(_SIGNED) and not _NUMBERISH.match(value))
    )
    return "'" + value if formula else value
