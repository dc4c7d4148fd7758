"""Before the tests: are PostgreSQL and Redis reachable? If not, say exactly how to start them."""

import os
import sys
from urllib.parse import urlparse

import psycopg2
import redis

PG_START = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
REDIS_START = 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no'


def main() -> int:
    ok = True
    db_url = os.environ["DATABASE_URL"]
    parsed = urlparse(db_url)
    try:
        conn = psycopg2.connect(
            host=parsed.hostname,
            port=parsed.port or 5432,
            user=parsed.username or "postgres",
            password=parsed.password or None,
            dbname="postgres",
            connect_timeout=5,
        )
        conn.close()
    except psycopg2.OperationalError as exc:
        ok = False
        print(
            f"PostgreSQL is not reachable at {parsed.hostname}:{parsed.port or 5432}: {exc}".strip(),
            file=sys.stderr,
        )
        print(f"  Start it with:  {PG_START}", file=sys.stderr)
    redis_url = os.environ["REDIS_URL"]
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=5).ping()
    except redis.RedisError as exc:
        ok = False
        print(f"Redis is not reachable at {redis_url}: {exc}", file=sys.stderr)
        print(f"  Start it with:  {REDIS_START}", file=sys.stderr)
    if ok:
        print("PostgreSQL and Redis are reachable.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
