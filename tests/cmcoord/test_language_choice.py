"""Which language a page is in: the user's stored choice, else the browser's; the switcher; numbers and
coordinates written for the reader."""

import datetime
from decimal import Decimal

from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory


def html_tag(response) -> str:
    html = response.content.decode()
    return html[html.index("<html") : html.index(">", html.index("<html")) + 1]


def test_the_login_page_follows_the_browser_and_is_mirrored_in_arabic(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ar-YE,ar;q=0.9,en;q=0.5")

    assert html_tag(response) == '<html lang="ar" dir="rtl">'
    assert response["Content-Language"] == "ar"


def test_the_switcher_works_without_script_before_login(client):
    response = client.post(reverse("set-language"), {"language": "es", "next": reverse("login")})

    assert response.status_code == 302 and response["Location"] == reverse("login")
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="fr")
    assert html_tag(page) == '<html lang="es" dir="ltr">'
    assert "<h1>Iniciar sesión</h1>" in page.content.decode()


def test_the_switcher_refuses_an_outside_next_and_an_unknown_language(client):
    response = client.post(reverse("set-language"), {"language": "xx", "next": "https://evil.example/"})

    assert response.status_code == 302 and response["Location"] == "/"
    assert html_tag(client.get(reverse("login"))) == '<html lang="en" dir="ltr">'


def test_a_users_stored_language_wins_over_the_browser(cast, client):
    cast.hc.language = "fr"
    cast.hc.save(update_fields=["language"])
    client.force_login(cast.hc)

    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="es")

    assert html_tag(response) == '<html lang="fr" dir="ltr">'


def test_the_switcher_stores_a_signed_in_users_choice(cast, client):
    client.force_login(cast.observer)

    client.post(reverse("set-language"), {"language": "pt", "next": reverse("home")})

    cast.observer.refresh_from_db()
    assert cast.observer.language == "pt"
    assert html_tag(client.get(reverse("home"))) == '<html lang="pt" dir="ltr">'


def test_a_user_who_never_chose_keeps_the_browsers_language_from_the_first_sign_in(db, client):
    user = UserFactory(username="newcomer", language="")
    user.set_password("pw")
    user.save()

    client.post(reverse("login"), {"username": "newcomer", "password": "pw"}, HTTP_ACCEPT_LANGUAGE="ar")

    user.refresh_from_db()
    assert user.language == "ar"  # their emails are written in Arabic too


def test_coordinates_keep_their_dot_and_quantities_are_localised():
    template = Template(
        "{% load cmcoord_i18n %}{% coords lat lon %}|{{ lat|coord }}|{{ lat }}|{% quantity weight 'kg' %}"
    )
    context = Context(
        {"lat": Decimal("-19.796390"), "lon": Decimal("34.907780"), "weight": Decimal("12500.5")}
    )

    with translation.override("fr"):
        french = template.render(context)
    with translation.override("ar"):
        arabic = template.render(context)

    coords, lat, localised, weight = french.split("|")
    assert coords == '<bdi class="coords" dir="ltr">-19.79639, 34.90778</bdi>'
    assert lat == "-19.79639"
    assert localised == "-19,796390"  # what Django alone would write: the reason for the filter
    assert weight == '<bdi class="qty" dir="ltr">12\xa0500,5&nbsp;kg</bdi>'  # French grouping and comma
    assert arabic.split("|")[0] == coords


def test_dates_are_written_in_the_language():
    with translation.override("fr"):
        rendered = Template('{{ day|date:"j F Y" }}').render(Context({"day": datetime.date(2026, 3, 14)}))

    assert rendered == "14 mars 2026"
