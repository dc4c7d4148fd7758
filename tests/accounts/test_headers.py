"""Headers: a strict CSP (nothing inline), Referrer-Policy, Permissions-Policy, COOP; schema needs login."""

from django.test import Client


def test_every_response_carries_the_security_headers(cast, client_for):
    for response in (Client().get("/accounts/login/"), client_for(cast.officer).get("/")):
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert response["Referrer-Policy"] == "same-origin"
        assert "camera=()" in response["Permissions-Policy"]
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_schema_and_docs_require_login(db):
    for path in ("/api/schema/", "/api/docs/"):
        response = Client().get(path)
        assert response.status_code in (401, 403)
        assert response.json()["code"] == "not_authenticated"


def test_the_docs_load_their_script_from_our_origin(cast, client_for):
    page = client_for(cast.requester).get("/api/docs/").content.decode()

    assert "<script src=" in page
    assert "<script>" not in page.replace(" ", "")


def test_an_operators_own_tile_server_is_the_only_other_image_source(settings):
    """With MAP_TILE_URL set the maps draw its tiles as images: the policy allows that host for images,
    nothing else changes; without it, images come from our origin only."""
    from accounts.middleware import content_security_policy

    settings.MAP_TILE_URL = ""
    assert "img-src 'self' data:;" in content_security_policy()
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    policy = content_security_policy()
    assert "img-src 'self' data: https://tiles.example.org;" in policy
    assert "script-src 'self';" in policy and "connect-src 'self';" in policy
    settings.MAP_TILE_URL = "https://{s}.tile.example.org/{z}/{x}/{y}.png"
    assert "img-src 'self' data: https://*.tile.example.org;" in content_security_policy()
    settings.MAP_TILE_URL = "javascript:alert(1)"
    assert "img-src 'self' data:;" in content_security_policy()
