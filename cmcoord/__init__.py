import sys


def _hide_requests_app_from_drf() -> None:
    """Our app `requests` shadows the PyPI HTTP library of that name, which DRF treats as optional.

    DRF's compat module probes `import requests` and, finding our app, builds test helpers on
    attributes it lacks.
    Importing the module once with the name masked makes DRF see the truth:
    the HTTP library is not installed.
    """
    if "rest_framework.compat" in sys.modules:
        return
    missing = object()
    saved = sys.modules.get("requests", missing)
    sys.modules["requests"] = None  # type: ignore[assignment]  # makes `import requests` raise ImportError
    try:
        import rest_framework.compat  # noqa: F401
    finally:
        if saved is missing:
            del sys.modules["requests"]
        else:
            sys.modules["requests"] = saved


_hide_requests_app_from_drf()

from .celery import app as celery_app  # noqa: E402

__all__ = ("celery_app",)
