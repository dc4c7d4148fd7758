FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

# gettext: compilemessages builds the translation catalogues at build time.
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

COPY pyproject.toml constraints.txt ./
RUN pip install --no-cache-dir -c constraints.txt . && useradd --system --uid 1000 cmcoord

COPY . .
# The same build steps the test suite runs (tests/cmcoord/test_image_build.py): production static storage.
RUN bash scripts/build.sh && mkdir -p /app/media && chown -R cmcoord /app/media

USER cmcoord
EXPOSE 8000
CMD ["gunicorn", "cmcoord.wsgi:application", "--config", "deploy/gunicorn.conf.py"]
