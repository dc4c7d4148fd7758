import re

from django.core import mail


def test_login_and_logout(cast, client):
    cast.requester.set_password("right-pass-123")
    cast.requester.save()

    bad = client.post("/accounts/login/", {"username": "requester", "password": "wrong"})
    assert bad.status_code == 200
    assert "Please enter a correct username and password" in bad.content.decode()

    ok = client.post("/accounts/login/", {"username": "requester", "password": "right-pass-123"})
    assert ok.status_code == 302 and ok["Location"] == "/"

    out = client.post("/accounts/logout/")
    assert out.status_code == 302
    assert client.get("/").status_code == 302


def test_password_change(cast, client_for):
    client = client_for(cast.observer)
    cast.observer.set_password("old-pass-123")
    cast.observer.save()
    client.force_login(cast.observer)

    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": "old-pass-123",
            "new_password1": "A-much-better-pass-42",
            "new_password2": "A-much-better-pass-42",
        },
    )

    assert response.status_code == 302
    cast.observer.refresh_from_db()
    assert cast.observer.check_password("A-much-better-pass-42")


def test_password_reset_by_email(cast, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password_reset/", {"email": cast.hc.email})

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [cast.hc.email]
    assert message.alternatives and message.alternatives[0][1] == "text/html"
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Fresh-start-2026!", "new_password2": "Fresh-start-2026!"},
    )
    assert done.status_code == 302
    cast.hc.refresh_from_db()
    assert cast.hc.check_password("Fresh-start-2026!")
