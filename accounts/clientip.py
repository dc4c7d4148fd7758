"""The client's address: X-Forwarded-For is believed only when the request came from a trusted proxy."""

from ipaddress import ip_address

from django.conf import settings


def _valid(value: str) -> str | None:
    try:
        return str(ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    """REMOTE_ADDR, or, behind a configured proxy, the right-most address the proxies did not add."""
    meta = request.META
    remote = _valid(meta.get("REMOTE_ADDR", "")) or "0.0.0.0"  # noqa: S104 - a placeholder, never bound
    trusted = set(settings.TRUSTED_PROXIES)
    if remote not in trusted:
        # A client talking to us directly may write any X-Forwarded-For it likes: it is not believed.
        return remote
    hops = [h for h in (meta.get("HTTP_X_FORWARDED_FOR", "") or "").split(",") if h.strip()]
    for hop in reversed(hops):
        address = _valid(hop)
        if address is None:
            return remote
        if address not in trusted:
            return address
    return remote
