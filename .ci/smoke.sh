#!/usr/bin/env bash
# The production smoke: the product started as docker-compose starts it, without Docker, and one
# browser journey through it (.ci/smoke.py). `.ci/run` runs it after the suite; `make smoke` runs
# it alone.
#
# What compose runs is read from docker-compose.yml and the Dockerfile (.ci/compose.py): the
# app's environment, each service's command and healthcheck, the Dockerfile's collectstatic.
#   database    $SMOKE_DATABASE on the local PostgreSQL, recreated, then compose's migrate
#               service with SEED_DEMO=1; dropped at the end
#   Redis       $SMOKE_REDIS_URL, flushed
#   static      the Dockerfile's collectstatic, as a build step runs it, into a temporary
#               STATIC_ROOT
#   web         compose's gunicorn behind nginx: TLS (a self-signed certificate made here) and
#               plain HTTP, both sending X-Forwarded-Proto, as the TLS proxy in front of compose.
#               The browser uses https://$SMOKE_HOST:<port>, which is SITE_URL (the QR code
#               encodes it) and ALLOWED_HOSTS
#   background  compose's Celery worker and Celery beat
#   e-mail      aiosmtpd on loopback, keeping what it receives in a Maildir; EMAIL_URL points at it
# After the journey, compose's healthchecks of web, worker and beat must pass.
#
# Everything it starts is stopped by PID when it exits, failure included. Logs, the Maildir and
# screenshots of a failure are left in .ci/artifacts/. Needs .venv, PostgreSQL and Redis on
# loopback, nginx, openssl, curl and /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SMOKE_DATABASE=${SMOKE_DATABASE:-partner_center_smoke}
SMOKE_REDIS_URL=${SMOKE_REDIS_URL:-redis://127.0.0.1:6379/13}
SMOKE_HOST=${SMOKE_HOST:-partner-center.test}
PG=(-h 127.0.0.1 -p 5432 -U postgres)
BIN=$ROOT/.venv/bin
ART=$ROOT/.ci/artifacts
RUN=$(mktemp -d /tmp/partner-center-smoke.XXXXXX)  # static files, certificate, nginx's, beat's

SECONDS=0
say() { echo "smoke [${SECONDS}s] $*"; }
fail() { echo "smoke: FAILED: $*"; exit 1; }
drop_database() {  # quietly: no NOTICE when there is nothing to drop
  PGOPTIONS="-c client_min_messages=warning" dropdb "${PG[@]}" --if-exists --force "$SMOKE_DATABASE"
}

[ -x "$BIN/python" ] || fail "no .venv here: run \`make smoke\` (it builds it) or \`make test\` first"
for tool in nginx openssl curl; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (.ci/run apt-installs it)"
done

# --- What it starts, and stopping it all ------------------------------------------------------
NAMES=()
PIDS=()

start() {  # start NAME COMMAND...: in the background, output to .ci/artifacts/NAME.log
  local name=$1
  shift
  "$@" >>"$ART/$name.log" 2>&1 &
  NAMES+=("$name")
  PIDS+=("$!")
}

pid_of() {
  local i
  for i in "${!NAMES[@]}"; do [ "${NAMES[$i]}" = "$1" ] && echo "${PIDS[$i]}"; done
}

stop_all() {
  local i pid deadline
  # All asked at once (gunicorn and Celery shut down gracefully on TERM), then each waited for.
  for i in "${!PIDS[@]}"; do kill -TERM "${PIDS[$i]}" 2>/dev/null || true; done
  deadline=$((SECONDS + 20))
  for i in "${!PIDS[@]}"; do
    pid=${PIDS[$i]}
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "smoke: ${NAMES[$i]} (pid $pid) did not stop on TERM; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
}

on_exit() {
  local status=$?
  set +e
  if [ $status -ne 0 ]; then
    for name in "${NAMES[@]}"; do
      echo "----- last lines of .ci/artifacts/$name.log -----"
      tail -n 25 "$ART/$name.log"
    done
  fi
  if [ ${#PIDS[@]} -gt 0 ]; then
    stop_all
    say "stopped ${NAMES[*]}"
  fi
  [ "${SMOKE_KEEP_DB:-0}" = 1 ] || drop_database
  rm -rf "$RUN"
  if [ $status -eq 0 ]; then say "passed"; else say "failed (exit $status); see .ci/artifacts/"; fi
  exit $status
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

alive() {  # alive NAME: fails, with its log, if the process has exited
  kill -0 "$(pid_of "$1")" 2>/dev/null || fail "$1 exited early (.ci/artifacts/$1.log)"
}

compose() {  # compose ARRAY WHAT SERVICE: what docker-compose.yml runs (.ci/compose.py)
  local -n into=$1
  "$BIN/python" .ci/compose.py "$2" "$3" >"$RUN/compose.out" || fail "docker-compose.yml: $2 $3"
  mapfile -d '' -t into <"$RUN/compose.out"
}

rm -rf "$ART"
mkdir -p "$ART"

# --- The environment ---------------------------------------------------------------------------
read -r APP_PORT HTTPS_PORT HTTP_PORT SMTP_PORT < <("$BIN/python" -c '
import socket
socks = [socket.socket() for _ in range(4)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))')
[ -n "$SMTP_PORT" ] || fail "no free loopback ports"

# What compose requires of the operator (README.md, "Full stack with Docker")...
SECRET_KEY="smoke-$(openssl rand -hex 32)"
export SECRET_KEY
export SITE_URL="https://$SMOKE_HOST:$HTTPS_PORT"
export ALLOWED_HOSTS=$SMOKE_HOST
export EMAIL_URL="smtp://127.0.0.1:$SMTP_PORT"
export DEFAULT_FROM_EMAIL="Partner Center <no-reply@$SMOKE_HOST>"
# ...then the environment compose gives web, worker, beat and migrate (x-app), DEBUG=0 and
# TRUST_X_FORWARDED_PROTO=1 among it, with what differs outside containers: PostgreSQL and Redis
# on loopback, the smoke's own directory for the container's /tmp, the image's PATH.
compose APP_ENV environment web
for pair in "${APP_ENV[@]}"; do export "${pair?}"; done
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$SMOKE_DATABASE"
export REDIS_URL=$SMOKE_REDIS_URL
export BEAT_HEARTBEAT_FILE=$RUN/beat.heartbeat
export PATH="$BIN:$PATH"
export HOSTNAME  # a container has it; the worker's healthcheck names the worker by it
unset REQUIRE_BROWSER
say "site $SITE_URL (gunicorn on 127.0.0.1:$APP_PORT), database $SMOKE_DATABASE, Redis $REDIS_URL"

# --- Build: static files exactly as the Dockerfile collects them -------------------------------
# Its own RUN instruction (continuation lines joined), with what a build step sees: the image's
# ENV and nothing of ours. Into a STATIC_ROOT of the smoke's own, which the processes then serve.
COLLECTSTATIC=$(sed -e ':join' -e '/\\$/{N; s/\\\n */ /; b join' -e '}' Dockerfile \
  | sed -n 's/^RUN \(.*collectstatic.*\)$/\1/p')
[ -n "$COLLECTSTATIC" ] && [ "$(wc -l <<<"$COLLECTSTATIC")" = 1 ] \
  || fail "expected one RUN … collectstatic in the Dockerfile, found: ${COLLECTSTATIC:-none}"
export STATIC_ROOT=$RUN/staticfiles
env -i PATH="$BIN:/usr/local/bin:/usr/bin:/bin" HOME="$RUN" STATIC_ROOT="$STATIC_ROOT" \
  PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
  sh -c "$COLLECTSTATIC" >"$ART/collectstatic.log" 2>&1 \
  || { tail -n 20 "$ART/collectstatic.log"; fail "the Dockerfile's collectstatic: $COLLECTSTATIC"; }
say "static collected as the Dockerfile does ($(tail -n 1 "$ART/collectstatic.log"))"

# --- Database: a fresh one; compose's migrate service, with the demo data (SEED_DEMO=1) --------
drop_database
createdb "${PG[@]}" "$SMOKE_DATABASE"
redis-cli -u "$REDIS_URL" flushdb >/dev/null
SEED_DEMO=1 compose MIGRATE command migrate
"${MIGRATE[@]}" >"$ART/migrate.log" 2>&1 || { tail -n 20 "$ART/migrate.log"; fail "migrate"; }
say "database migrated and seeded (${MIGRATE[*]})"

# --- The processes: compose's commands ----------------------------------------------------------
start smtp python -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$ART/mail"

# The container's port is a loopback one here. --forwarded-allow-ips empty: in compose the proxy
# reaches gunicorn from outside its container, so gunicorn does not itself believe the proxy's
# X-Forwarded-Proto; that is left to Django's TRUST_X_FORWARDED_PROTO, as there. gunicorn's
# control socket is one path per machine.
compose WEB command web
WEB=("${WEB[@]/#0.0.0.0:8000/127.0.0.1:$APP_PORT}")
[[ " ${WEB[*]} " == *" 127.0.0.1:$APP_PORT "* ]] || fail "compose's web does not bind 0.0.0.0:8000"
start gunicorn "${WEB[@]}" --forwarded-allow-ips "" --no-control-socket
compose WORKER command worker
start worker "${WORKER[@]}"
compose BEAT command beat
start beat "${BEAT[@]/#\/tmp\//$RUN/}"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
  -subj "/CN=$SMOKE_HOST" -addext "subjectAltName=DNS:$SMOKE_HOST" \
  -keyout "$RUN/tls.key" -out "$RUN/tls.crt" 2>/dev/null
mkdir -p "$RUN/nginx"
cat >"$RUN/nginx.conf" <<EOF
# One process, in the foreground, its files under $RUN: a TLS-terminating proxy as in front of
# compose, and its plain-HTTP side, which the app must redirect to https.
daemon off;
master_process off;
pid $RUN/nginx.pid;
error_log $ART/nginx.log warn;
events { worker_connections 128; }
http {
  access_log $ART/nginx.log combined;
  client_body_temp_path $RUN/nginx/body;
  proxy_temp_path $RUN/nginx/proxy;
  fastcgi_temp_path $RUN/nginx/fastcgi;
  uwsgi_temp_path $RUN/nginx/uwsgi;
  scgi_temp_path $RUN/nginx/scgi;
  server {
    listen 127.0.0.1:$HTTPS_PORT ssl;
    listen 127.0.0.1:$HTTP_PORT;
    server_name $SMOKE_HOST;
    ssl_certificate $RUN/tls.crt;
    ssl_certificate_key $RUN/tls.key;
    location / {
      proxy_pass http://127.0.0.1:$APP_PORT;
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-For \$remote_addr;
    }
  }
}
EOF
start nginx nginx -p "$RUN/nginx" -e "$ART/nginx.log" -c "$RUN/nginx.conf"
say "started ${NAMES[*]}"

# --- Ready: the health check through the proxy, with a deadline -------------------------------
READY_PATH=/healthz/
deadline=$((SECONDS + 90))
while :; do
  code=$(curl -sk --max-time 10 --resolve "$SMOKE_HOST:$HTTPS_PORT:127.0.0.1" \
    -o "$ART/ready.txt" -w '%{http_code}' "$SITE_URL$READY_PATH" || true)
  [ "$code" = 200 ] && break
  # 502-504 while gunicorn starts; anything else will not get better by waiting.
  case $code in 000 | 502 | 503 | 504) ;; *) fail "$SITE_URL$READY_PATH answered $code" ;; esac
  for name in "${NAMES[@]}"; do alive "$name"; done
  if [ $SECONDS -ge $deadline ]; then
    head -c 2000 "$ART/ready.txt" 2>/dev/null
    fail "$SITE_URL$READY_PATH did not answer 200 within 90 s (last: ${code:-nothing})"
  fi
  sleep 0.5
done
say "ready: $READY_PATH answers 200"

# --- The journey ------------------------------------------------------------------------------
SMOKE_SITE_URL=$SITE_URL SMOKE_HTTP_URL="http://$SMOKE_HOST:$HTTP_PORT" SMOKE_HOST=$SMOKE_HOST \
  SMOKE_MAILDIR="$ART/mail" SMOKE_ARTIFACTS=$ART SMOKE_FROM_EMAIL=$DEFAULT_FROM_EMAIL \
  timeout --kill-after=10 300 "$BIN/python" .ci/smoke.py
say "journey passed"

# --- Afterwards: healthy as compose's healthchecks see it, and no error behind the pages -------
for name in "${NAMES[@]}"; do alive "$name"; done
for service in web worker beat; do
  compose CHECK healthcheck "$service"
  [ "$service" = web ] && CHECK+=(--port "$APP_PORT")  # the container's 8000
  "${CHECK[@]}" >"$ART/healthcheck-$service.log" 2>&1 \
    || { cat "$ART/healthcheck-$service.log"; fail "compose's healthcheck of $service: ${CHECK[*]}"; }
done
say "compose's healthchecks pass: web, worker, beat"
if grep -l "Traceback" "$ART"/{gunicorn,worker,beat}.log; then
  grep -h -A 30 "Traceback" "$ART"/{gunicorn,worker,beat}.log | head -n 60
  fail "an error was logged (above)"
fi
