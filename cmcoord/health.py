"""Extra health facts that apps contribute to /healthz (e.g. the age of the oldest unsent notification)."""

from collections.abc import Callable

_checks: list[Callable[[], dict]] = []


def register(check: Callable[[], dict]) -> None:
    if check not in _checks:
        _checks.append(check)


def checks() -> dict:
    result: dict = {}
    for check in _checks:
        result.update(check())
    return result
