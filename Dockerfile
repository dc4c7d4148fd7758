FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

# gettext's msgfmt compiles the translation catalogues (the .mo files are built here, never committed).
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml constraints.txt ./
RUN pip install --no-cache-dir -c constraints.txt . && useradd --system --uid 1000 cmcoord

COPY . .
RUN DEBUG=1 python manage.py compilemessages --ignore=.venv --ignore=build --verbosity 0 \
    && DEBUG=1 python manage.py collectstatic --noinput && mkdir -p /app/media && chown -R cmcoord /app/media

USER cmcoord
EXPOSE 8000
CMD ["gunicorn", "cmcoord.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
