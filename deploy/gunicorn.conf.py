"""gunicorn settings of the image (Dockerfile, docker-compose.yml), from environment variables.

gunicorn sits behind the buffering nginx proxy (deploy/nginx.conf): requests reach it whole and fast, so sync
workers and a short timeout are right; a slow client is the proxy's problem, not a worker's.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * multiprocessing.cpu_count() + 1, 9))
# Longer than any page or export takes; shorter than the proxy's proxy_read_timeout (70 s).
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 60)
graceful_timeout = 30
# The proxy keeps connections to us open (upstream keepalive).
keepalive = 5
# Recycle workers now and then so a slow leak never grows unbounded.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
# Only the proxy's X-Forwarded-* headers are believed (Django also checks BEHIND_TLS_PROXY).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")
