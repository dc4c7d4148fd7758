"""The `id` path converter: what a row's primary key can be, and nothing else.

Every route that takes a primary key uses it, in the pages and the API (cmcoord.api.routers), so `abc`,
`0`, `-1` or a number past bigint never reaches a view or the database: the resolver answers 404 (JSON under
/api/, cmcoord.views.page_not_found).
"""

from django.urls import register_converter

BIGINT_MAX = 2**63 - 1


class IdConverter:
    regex = "[1-9][0-9]{0,18}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > BIGINT_MAX:
            # The resolver takes a ValueError as "this route does not match".
            raise ValueError(value)
        return number

    def to_url(self, value) -> str:
        return str(value)


def register() -> None:
    register_converter(IdConverter, "id")
