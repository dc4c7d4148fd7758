"""The library page and the list endpoint run the same number of queries whatever the library's size."""

import pytest

from cmcoord.models import User
from guidelines.models import Criterion, CriterionVersion, Guideline


def grow(cast, n: int) -> None:
    """Add n guidelines (country ones, with a criterion each, and superseded chains) to the library."""
    previous = None
    for i in range(n):
        guideline = Guideline.objects.create(
            title=f"Country guidance {i} on convoys",
            short_name=f"Guidance {i}",
            issuer="HCT Mozambique",
            year=2020 + i % 5,
            scope="country",
            operation=cast.operation,
            contexts="both",
            summary="Convoys and escorts in the north.",
            is_public=i % 2 == 0,
            supersedes=previous if i % 3 == 1 else None,
        )
        criterion = Criterion.objects.create(guideline=guideline, code="c", number="1")
        criterion.current = CriterionVersion.objects.create(
            criterion=criterion, version=1, title="T", text="X"
        )
        criterion.save()
        previous = guideline


@pytest.mark.parametrize("params", [{}, {"q": "convoy", "superseded": "on"}, {"scope": "country"}])
def test_the_library_page_runs_a_constant_number_of_queries(
    cast, client_for, django_assert_num_queries, params
):
    client = client_for(cast.officer)
    client.get("/guidelines/", params)  # warm the session and the content types
    grow(cast, 2)
    with django_assert_num_queries(12) as small:
        client.get("/guidelines/", params)
    grow(cast, 12)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get("/guidelines/", params)
    assert response.status_code == 200


@pytest.mark.parametrize("params", [{}, {"q": "convoy", "superseded": "true"}])
def test_the_list_endpoint_runs_a_constant_number_of_queries(
    cast, api_for, django_assert_num_queries, params
):
    def client():  # a fresh user each time, as each real request loads one (no cached roles)
        return api_for(User.objects.get(pk=cast.liaison.pk))

    grow(cast, 2)
    first = client()
    with django_assert_num_queries(4) as small:
        first.get("/api/v1/guidelines/", params)
    grow(cast, 12)
    second = client()
    with django_assert_num_queries(len(small.captured_queries)):
        response = second.get("/api/v1/guidelines/", params)
    assert response.json()["count"] > 5
