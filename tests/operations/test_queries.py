"""The list pages of running an operation run a constant number of queries, at two sizes of data."""

from django.urls import reverse

from cmcoord.models import Membership, Role
from operations.models import Invitation
from tests.factories import OperationFactory, OrganizationFactory, UserFactory


def _grow(cast, n):
    """n more organisations, people with roles and pending invitations in the operation, n more operations."""
    for i in range(n):
        org = OrganizationFactory(name=f"NGO {i} of {n}", acronym=f"N{i}x{n}")
        cast.operation.organizations.add(org)
        user = UserFactory(username=f"person{i}of{n}", organization=org)
        Membership.objects.create(user=user, operation=cast.operation, role=Role.REQUESTER)
        Invitation.objects.create(
            operation=cast.operation,
            email=f"p{i}of{n}@ngo.example",
            role="requester",
            organization=org,
            token_hash=f"{i:032d}{n:032d}",
            invited_by=cast.officer,
            expires_at="2026-12-31T00:00Z",
        )
        OperationFactory(code="Q" + "".join(chr(65 + int(d)) for d in f"{i}{n}"))


def _count(client, url, django_assert_num_queries, expected):
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def test_the_people_page(cast, client_for, django_assert_num_queries):
    client = client_for(cast.officer)
    url = reverse("operations:people", args=[cast.operation.pk])
    _count(client, url, django_assert_num_queries, 11)
    _grow(cast, 12)
    _count(client, url, django_assert_num_queries, 11)


def test_the_organisations_page(cast, client_for, django_assert_num_queries):
    client = client_for(cast.officer)
    url = reverse("operations:organizations", args=[cast.operation.pk])
    _count(client, url, django_assert_num_queries, 10)
    _grow(cast, 12)
    _count(client, url, django_assert_num_queries, 10)


def test_the_operations_list_of_a_manager(cast, manager, client_for, django_assert_num_queries):
    client = client_for(manager)
    url = reverse("operations:list")
    _count(client, url, django_assert_num_queries, 6)
    _grow(cast, 12)
    _count(client, url, django_assert_num_queries, 6)


def test_the_api_lists(cast, api_for, django_assert_num_queries):
    from cmcoord.models import User

    op = cast.operation.pk
    urls = [f"/api/v1/operations/{op}/{name}/" for name in ("memberships", "invitations", "organizations")]
    _grow(cast, 1)
    for size in (1, 12):
        if size == 12:
            _grow(cast, 12)
        for url in urls:
            api = api_for(User.objects.get(pk=cast.officer.pk))  # roles not yet cached on the user
            # the operation, the officer's roles, the count, the page
            with django_assert_num_queries(4):
                assert len(api.get(url).json()["results"]) >= size
