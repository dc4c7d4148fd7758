"""Officers see on the people page whose email failed for good: bounced (5xx) or given up after days."""

from datetime import timedelta

from django.utils import timezone

from cmcoord.models import Notification

Status = Notification.EmailStatus


def failed_row(user, key, *, bounced, days_ago=0):
    return Notification.objects.create(
        recipient=user,
        kind="membership.granted",
        dedupe_key=key,
        language="en",
        subject="s",
        body_text="t",
        body_html="h",
        email_status=Status.FAILED,
        bounced=bounced,
        failed_at=timezone.now() - timedelta(days=days_ago),
    )


def line_of(page: str, username: str) -> str:
    return next(line for line in page.splitlines() if f"({username})" in line)


def test_the_people_page_says_whose_email_bounced_or_was_not_delivered(cast, client_for):
    failed_row(cast.requester, "a", bounced=True)
    failed_row(cast.hct_member, "b", bounced=False)
    failed_row(cast.observer, "c", bounced=True, days_ago=40)  # long ago: fixed since, or not worth a flag
    failed_row(cast.hc, "d", bounced=False)
    failed_row(cast.hc, "e", bounced=True)

    page = client_for(cast.officer).get("/accounts/people/").content.decode()

    assert "email bounced" in line_of(page, cast.requester.username)
    assert "email not delivered" in line_of(page, cast.hct_member.username)
    assert "email bounced" in line_of(page, cast.hc.username)  # the bounce says what to do
    for user in (cast.observer, cast.liaison):
        assert "email" not in line_of(page, user.username).split(f"({user.username})")[1].split("</td>")[0]
