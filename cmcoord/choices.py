"""The label of a choice, read from a dict made once per choices class and language.

Django's get_FOO_display() makes a dict of the field's choices on every call, hashing every lazy label
(each one translated to be hashed): on a list of 50 requests with three choice columns, a fifth of the page's
rendering time (issue 15). Models define their get_FOO_display() with choice_label instead: the same answer.
"""

from functools import cache

from django.db import models
from django.utils.translation import get_language


@cache
def _labels(choices: type[models.Choices], language: str | None) -> dict:
    return {value: str(label) for value, label in choices.choices}


def choice_label(choices: type[models.Choices], value) -> str:
    """The label of `value` among `choices` in the active language (the value itself when unknown, as Django
    answers)."""
    return _labels(choices, get_language()).get(value, value)
