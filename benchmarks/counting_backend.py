"""The benchmark's email backend: records in Redis when each notification email reached it, and nothing else.

It runs in the worker process; benchmarks/notifications.py reads the times back (same machine, wall clock).
"""

import os
import time

import redis
from django.core.mail.backends.base import BaseEmailBackend

HANDED = "bench:handed"  # hash: notification pk -> time.time() when handed to the backend
DUPLICATES = "bench:duplicates"


class CountingBackend(BaseEmailBackend):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.redis = redis.Redis.from_url(os.environ["BENCH_RESULTS_REDIS_URL"])

    def send_messages(self, messages):
        now = time.time()
        for message in messages:
            pk = message.extra_headers["X-cmcoord-Notification"]
            if not self.redis.hsetnx(HANDED, pk, now):
                self.redis.incr(DUPLICATES)
        return len(messages)
