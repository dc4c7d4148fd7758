#!/usr/bin/env bash
# The build steps of the production image, in one place: the Dockerfile runs this script and the test suite
# runs it too (tests/cmcoord/test_image_build.py), so an image that cannot serve a page fails the build.
#
# It builds with the production settings (DEBUG off): the manifest static storage must see every file it will
# be asked for at run time. SECRET_KEY is only a placeholder here; nothing secret is made at build time.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python}"

export DEBUG=0
export SECRET_KEY="${SECRET_KEY:-build-time-placeholder-not-used-at-run-time-0123456789}"
# Collecting static files and compiling catalogues need no database.
export DATABASE_URL="${BUILD_DATABASE_URL:-sqlite://:memory:}"
export REDIS_URL=

# Translations: compiled from the committed catalogues, never committed themselves.
if [ -d locale ] && compgen -G "locale/*/LC_MESSAGES/*.po" >/dev/null; then
    "$PYTHON" manage.py compilemessages --ignore=.venv --ignore=build --verbosity 0
fi
# Static files with the production storage (hashed names, manifest, pre-compressed copies).
"$PYTHON" manage.py collectstatic --noinput --clear --verbosity 0
test -s "${STATIC_ROOT:-staticfiles}/staticfiles.json" || { echo "no static manifest written" >&2; exit 1; }
