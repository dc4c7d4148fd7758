"""Domain exceptions: the UI shows them as messages, the API returns them with a machine-readable code."""

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    # Text for people: a string, or a lazy translation (gettext_lazy) read in the reader's language.
    Text: TypeAlias = str | _StrPromise
else:
    Text = str


class DomainError(Exception):
    """A refused action. `code` is machine-readable; the message is for people."""

    code = "refused"
    status_code = 409

    def __init__(self, message: Text, *, code: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class TransitionNotAllowed(DomainError):
    code = "transition_not_allowed"


class ConcurrentChange(DomainError):
    code = "concurrent_change"
