"""Who sees which request, for every role of the cast over requests in every state: pages, API, exports,
attachments; and another operation's requests (404)."""

import pytest
from django.urls import reverse

from requests.models import AssistanceRequest

from .conftest import AFTER_HCT

S = AssistanceRequest.Status
EVERYONE = [
    "officer",
    "requester",
    "requester_same_org",
    "requester_other_org",
    "hct_member",
    "hct_member2",
    "hc",
    "liaison",
    "liaison_other_force",
    "observer",
    "outsider",
    "other_officer",
]
# A request put to the HCT and then cancelled stays visible to the HCT.
CASES = [(state, state in AFTER_HCT) for state in S] + [(S.CANCELLED, True), (S.WITHDRAWN, False)]


def may_see(who: str, reached_hct: bool) -> bool:
    if who in ("officer", "observer", "requester", "requester_same_org"):
        return True
    if who in ("hct_member", "hct_member2", "hc"):
        return reached_hct
    return False


def urls(rfa, attachment):
    return [
        rfa.get_absolute_url(),
        reverse("requests:print", args=[rfa.pk]),
        attachment.get_absolute_url(),
    ]


def api_urls(rfa):
    return [f"/api/v1/requests/{rfa.pk}/", f"/api/v1/requests/{rfa.pk}/events/"]


@pytest.mark.parametrize(("state", "reached_hct"), CASES, ids=[f"{s}-hct{int(h)}" for s, h in CASES])
def test_every_role_sees_a_request_only_as_the_rules_say(
    cast, make_request, attach, client_for, api_for, state, reached_hct
):
    # given a WFP request in the state, with an attachment
    rfa = make_request(status=state, org=cast.wfp, hct=reached_hct)
    attachment = attach(rfa)
    for who in EVERYONE:
        user = getattr(cast, who)
        visible = may_see(who, reached_hct)
        page, api = client_for(user), api_for(user)
        # when each user opens the request's pages and API; then 200 if they may see it, else 404
        for url in urls(rfa, attachment):
            assert page.get(url).status_code == (200 if visible else 404), (who, url)
        for url in api_urls(rfa):
            assert api.get(url).status_code == (200 if visible else 404), (who, url)
        # and the list, the exports and the list endpoint show it to exactly the same people
        listed = [r["reference"] for r in api.get("/api/v1/requests/").json()["results"]]
        assert (rfa.reference in listed) == visible, who
        for url in [reverse("requests:list"), reverse("requests:export", args=["csv"])]:
            response = page.get(url)
            if who in ("liaison", "liaison_other_force", "outsider"):
                assert response.status_code == 404, (who, url)
            else:
                assert response.status_code == 200
                body = b"".join(response.streaming_content) if response.streaming else response.content
                assert (rfa.reference in body.decode()) == visible, (who, url)


def test_another_operations_request_is_404_for_everyone_of_this_operation(
    cast, make_request, attach, client_for, api_for
):
    # given a request of the Haiti operation
    theirs = make_request(status=S.WITH_HCT, operation=cast.other_operation)
    attachment = attach(theirs)
    for who in EVERYONE:
        user = getattr(cast, who)
        expected = 200 if who == "other_officer" else 404
        for url in urls(theirs, attachment):
            assert client_for(user).get(url).status_code == expected, (who, url)
        for url in api_urls(theirs):
            assert api_for(user).get(url).status_code == expected, (who, url)


def test_military_users_have_no_request_pages_exports_or_comments(cast, make_request, client_for, api_for):
    rfa = make_request(status=S.TASKED)
    for user in (cast.liaison, cast.liaison_other_force):
        page = client_for(user)
        for url in [
            reverse("requests:list"),
            reverse("requests:create"),
            reverse("requests:export", args=["csv"]),
            reverse("requests:export", args=["xlsx"]),
            reverse("requests:assess", args=[rfa.pk]),
            reverse("requests:edit", args=[rfa.pk]),
        ]:
            assert page.get(url).status_code == 404, url
        assert page.post(reverse("requests:comment", args=[rfa.pk]), {"text": "x"}).status_code == 404
        assert api_for(user).get(f"/api/v1/requests/{rfa.pk}/comments/").status_code == 404
        assert api_for(user).get("/api/v1/requests/").json()["results"] == []
        assert b"Requests" not in page.get("/").content.split(b"<main")[0]


def test_internal_comments_are_for_humanitarian_users_and_posting_is_audited(
    cast, make_request, client_for, api_for
):
    from cmcoord.models import AuditEvent

    rfa = make_request(status=S.WITH_HCT)
    # when an HCT member posts a comment
    response = api_for(cast.hct_member).post(
        f"/api/v1/requests/{rfa.pk}/comments/", {"text": "UNICEF supports this."}, format="json"
    )
    assert response.status_code == 201
    # then it is audited, and humanitarian users read it
    assert AuditEvent.objects.filter(verb="request.comment", actor=cast.hct_member).count() == 1
    for user in (cast.officer, cast.observer, cast.hc, cast.requester):
        assert "UNICEF supports this." in client_for(user).get(rfa.get_absolute_url()).content.decode()
        assert (
            api_for(user).get(f"/api/v1/requests/{rfa.pk}/comments/").json()[0]["text"]
            == "UNICEF supports this."
        )
    # and an observer reads but may not post
    refused = api_for(cast.observer).post(
        f"/api/v1/requests/{rfa.pk}/comments/", {"text": "x"}, format="json"
    )
    assert (refused.status_code, refused.json()["code"]) == (409, "role_not_allowed")
    assert rfa.comments.count() == 1
