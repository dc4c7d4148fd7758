"""Pages and API answers are compressed by the app itself, for deployments without the proxy."""

import gzip
import json

from django.urls import reverse

from tests.conftest import mfa_verified_login


def test_html_is_gzipped_when_the_client_accepts_it(client, cast):
    mfa_verified_login(client, cast.officer)
    response = client.get(reverse("home"), HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"</html>" in gzip.decompress(response.content)


def test_json_is_gzipped_when_the_client_accepts_it(client, cast):
    mfa_verified_login(client, cast.officer)
    # The OpenAPI schema is the largest answer (hundreds of KB); tool builders fetch it over field links.
    response = client.get("/api/schema/?format=json", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "paths" in json.loads(gzip.decompress(response.content))


def test_nothing_is_compressed_for_a_client_that_does_not_ask(client, cast):
    mfa_verified_login(client, cast.officer)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
