"""The idle timeout: a session unused for SESSION_IDLE_TIMEOUT seconds is ended at its next request."""

import time

from django.conf import settings

LAST_SEEN_KEY = "cmcoord_last_seen"
# The session is written again only when its clock is this stale: a page view does not cost a write.
TOUCH_PRECISION_SECONDS = 60


def touch(session) -> None:
    session[LAST_SEEN_KEY] = int(time.time())


def is_idle_expired(session) -> bool:
    last_seen = session.get(LAST_SEEN_KEY)
    return last_seen is None or time.time() - last_seen > settings.SESSION_IDLE_TIMEOUT


def needs_touch(session) -> bool:
    return time.time() - session.get(LAST_SEEN_KEY, 0) > TOUCH_PRECISION_SECONDS
