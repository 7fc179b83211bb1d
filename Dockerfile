# One image for every process of the stack (docker-compose.yml): gunicorn (the default command),
# the one-off migrate, the Celery worker and Celery beat.
FROM python:3.13-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

# The processes run as a user that owns nothing in /app, so they cannot change the code they run.
RUN groupadd --gid 10001 app \
    && useradd --uid 10001 --gid app --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin app

COPY pyproject.toml ./
RUN pip install --no-cache-dir .
COPY . .

# Static files under production settings (DEBUG=0): whitenoise's compressed files and the hashed
# manifest that DEBUG=0 pages need. With DEBUG off, settings refuse to load without a secret key
# and a mail server, neither of which collectstatic uses: this one command gets throwaway values,
# which are not kept in the image's environment. The real ones are given at run time.
RUN DEBUG=0 SECRET_KEY=collectstatic-only-not-a-secret EMAIL_URL=console:// \
    python manage.py collectstatic --noinput

USER 10001:10001
EXPOSE 8000
# One line per request on stdout; gunicorn's own lines and the app's on stderr, each once.
CMD ["gunicorn", "partner_center.wsgi", "--bind", "0.0.0.0:8000", "--workers", "2", "--access-logfile", "-"]
