from rest_framework.test import APIClient


def test_unauthenticated_api_calls_get_the_error_shape(db):
    response = APIClient().get("/api/v1/operations/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert set(response.json()) == {"code", "detail", "fields"}
    assert response.json()["code"] == "not_authenticated"


def test_token_authentication(cast):
    cast.requester.set_password("s3cret-pass")
    cast.requester.save()
    client = APIClient()
    token = client.post("/api/v1/auth/token/", {"username": "requester", "password": "s3cret-pass"}).json()[
        "token"
    ]

    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get("/api/v1/me/").json()

    assert me["username"] == "requester"
    assert [(m["operation"]["code"], m["role"]) for m in me["memberships"]] == [("MOZ", "requester")]


def test_bad_credentials_get_a_field_error_in_the_error_shape(cast):
    response = APIClient().post("/api/v1/auth/token/", {"username": "officer"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "password" in body["fields"]


def test_schema_and_docs_are_served_without_a_cdn(cast, client_for):
    client = client_for(cast.officer)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/operations/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs
    assert "cdn" not in docs.lower()
    assert "https://" not in docs


def test_health_endpoint(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
