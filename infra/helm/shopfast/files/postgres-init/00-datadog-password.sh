# Sourced (not executed: it is not executable) by the postgres image before the .sql files, on an empty
# volume only. Compose points DATADOG_POSTGRES_PASSWORD_FILE at the password the `secrets` init container
# generated; 02-datadog.sql reads DATADOG_POSTGRES_PASSWORD (psql \getenv) for the `datadog` role.
# The local stack runs only the .sql files, so this never runs there.
if [ -n "${DATADOG_POSTGRES_PASSWORD_FILE:-}" ]; then
  DATADOG_POSTGRES_PASSWORD="$(cat "$DATADOG_POSTGRES_PASSWORD_FILE")"
  export DATADOG_POSTGRES_PASSWORD
fi
