#!/bin/bash
# Entrypoint of the datadog-agent container (docker-compose.yml), wrapping the image's own.
#
# Without DD_API_KEY the stock image exits at once ("You must set an DD_API_KEY..."), and
# `restart: unless-stopped` turns that into an endless crash loop. Instead, say loudly that telemetry
# goes nowhere, keep saying it, and idle: the shop runs normally, dd-trace's sends to this host fail
# quietly, and the container's healthcheck reports the same message (docker compose ps: unhealthy).
set -u

if [[ -z "${DD_API_KEY:-}" ]]; then
  notice() {
    cat <<'MSG'
==========================================================================================
  DD_API_KEY is empty: the Datadog agent is NOT running. Telemetry goes nowhere.
  The shop works, but no traces, metrics, logs, DBM or NPM data leave this machine.

  * With a Datadog account: put DD_API_KEY (and DD_SITE) in .env, then
        docker compose up -d datadog-agent
  * Without one: use Datadog's APM test agent for traces (down first, so that only
    one container answers to the name datadog-agent):
        docker compose down
        docker compose -f docker-compose.yml -f docker-compose.test-agent.yml up -d
==========================================================================================
MSG
  }
  notice
  # `exec sleep` would hide the reminder; a loop keeps it in `docker compose logs` every 10 minutes.
  # `docker compose stop` sends TERM: end the pending sleep too, then exit cleanly.
  sleeper=''
  trap '[[ -n "$sleeper" ]] && kill "$sleeper" 2>/dev/null; exit 0' TERM INT
  while true; do
    sleep 600 &
    sleeper=$!
    wait "$sleeper"
    notice
  done
fi

# The image's entrypoint (CMD of gcr.io/datadoghq/agent:7.x), which starts the agent processes.
exec /bin/entrypoint.sh "$@"
