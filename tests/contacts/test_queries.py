"""List pages and list endpoints run a constant number of queries, whatever the size of the directory."""

import pytest

from contacts.models import Contact, ContactPhone, CoordinationPlatform
from tests.contacts.conftest import make_contact


def grow(cast, platform, start, count):
    for i in range(start, start + count):
        contact = make_contact(
            cast.operation,
            [cast.wfp, cast.unicef, cast.ocha][i % 3],
            f"Person {i:03d}",
            sharing=["everyone", "humanitarian", "ocha"][i % 3],
            actor=cast.officer,
            notes=f"note {i}",
            languages="English, Portuguese",
            functions=["logistics", "health"],
            phones=[
                (ContactPhone.Kind.MOBILE, f"+258 84 000 {i:04d}"),
                (ContactPhone.Kind.SATELLITE, "+8816 1"),
            ],
        )
        platform.members.add(contact)


@pytest.fixture
def platform(cast):
    return CoordinationPlatform.objects.create(operation=cast.operation, kind="humocc", name="HuMOCC")


# url, queries for an officer, queries for a military liaison officer (whose reads add an access log row).
# The directory page: the page frame (session, user, roles, operation, organisation, switcher, unread
# notifications), then the
# filters' organisations, platforms and languages, the count, the page, its emails and its phones.
PAGES = {
    "directory": ("/contacts/", 14, 15),
    "directory-filtered": ("/contacts/?q=Person&function=logistics&language=English&stale=on", 14, 15),
    "export-csv": ("/contacts/export.csv", 11, 11),
    "export-vcard": ("/contacts/export.vcf", 11, 11),
    "organizations": ("/contacts/organizations/", 8, 8),
    "platforms": ("/contacts/platforms/", 11, 11),
    "api-contacts": ("/api/v1/contacts/", 8, 8),
    "api-platforms": ("/api/v1/platforms/", 9, 8),
    "api-organizations": ("/api/v1/organizations/", 5, 5),
}


def get(client, url, expected, django_assert_num_queries):
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("who", ["officer", "liaison"])
@pytest.mark.parametrize("page", list(PAGES))
def test_query_count_is_the_same_at_two_sizes(
    cast, platform, client_for, who, page, django_assert_num_queries
):
    client = client_for(getattr(cast, who))
    url, for_officer, for_liaison = PAGES[page]
    expected = for_officer if who == "officer" else for_liaison
    grow(cast, platform, 0, 6)
    get(client, url, expected, django_assert_num_queries)
    grow(cast, platform, 6, 24)
    assert Contact.objects.count() == 30
    response = get(client, url, expected, django_assert_num_queries)
    if page == "directory":
        assert response.content.decode().count("<tr>") == 1 + (25 if who == "officer" else 10)
