#!/usr/bin/env bash
# A throw-away local PostgreSQL 15 for the `postgres` dbt target (tests, CI, trying the project out).
#   scripts/postgres_local.sh start   # initdb (first time) + start on 127.0.0.1:$POSTGRES_PORT; prints the env to export
#   scripts/postgres_local.sh stop    # stop it (the data folder stays; `clean` removes it)
#   scripts/postgres_local.sh status | env | clean
# Settings (env): POSTGRES_BIN (default /usr/lib/postgresql/15/bin), POSTGRES_DATA_DIR (default
# /tmp/revops-postgres/<port>), POSTGRES_PORT (default 55432), POSTGRES_USER / POSTGRES_PASSWORD /
# POSTGRES_DB (default revops / revops / revops). initdb refuses to run as root, so as root the server runs
# as the `postgres` system user (runuser); otherwise as the current user. Listens on 127.0.0.1 only.
set -euo pipefail

PG_BIN=${POSTGRES_BIN:-/usr/lib/postgresql/15/bin}
PORT=${POSTGRES_PORT:-55432}
DATA_DIR=${POSTGRES_DATA_DIR:-/tmp/revops-postgres/$PORT}
PG_USER=${POSTGRES_USER:-revops}
PG_PASSWORD=${POSTGRES_PASSWORD:-revops}
PG_DB=${POSTGRES_DB:-revops}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

psql_admin() {
  as_owner "$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
}

print_env() {
  echo "export POSTGRES_HOST=127.0.0.1 POSTGRES_PORT=$PORT POSTGRES_USER=$PG_USER POSTGRES_PASSWORD=$PG_PASSWORD POSTGRES_DB=$PG_DB"
}

start() {
  [ -x "$PG_BIN/initdb" ] || { echo "no PostgreSQL binaries in $PG_BIN (set POSTGRES_BIN)" >&2; exit 1; }
  mkdir -p "$DATA_DIR"
  if [ "$(id -u)" = 0 ]; then
    # only the data folder: its parents just need to be traversable (chown-ing the parent changed the owner
    # of /tmp itself when the data folder sat directly in it)
    chown postgres:postgres "$DATA_DIR"
    chmod 700 "$DATA_DIR"
  fi
  if [ ! -f "$DATA_DIR/PG_VERSION" ]; then
    as_owner "$PG_BIN/initdb" -D "$DATA_DIR" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! as_owner "$PG_BIN/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1; then
    as_owner "$PG_BIN/pg_ctl" -D "$DATA_DIR" -l "$DATA_DIR/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DATA_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB -c work_mem=64MB -c max_connections=40" >/dev/null
  fi
  if [ -z "$(psql_admin -c "select 1 from pg_roles where rolname = '$PG_USER'")" ]; then
    psql_admin -c "create role \"$PG_USER\" login superuser password '$PG_PASSWORD'"
  fi
  # the roles the marts and the restricted export grant select to (dbt_project.yml `+grants`); a real server
  # has its own, named by REVOPS_BI_READER_ROLE / REVOPS_DIALER_ROLE
  for role in "${REVOPS_BI_READER_ROLE:-revops_bi_reader}" "${REVOPS_DIALER_ROLE:-revops_dialer}"; do
    if [ -z "$(psql_admin -c "select 1 from pg_roles where rolname = '$role'")" ]; then
      psql_admin -c "create role \"$role\" nologin"
    fi
  done
  if [ -z "$(psql_admin -c "select 1 from pg_database where datname = '$PG_DB'")" ]; then
    psql_admin -c "create database \"$PG_DB\" owner \"$PG_USER\""
  fi
  print_env
}

stop() {
  if [ -f "$DATA_DIR/PG_VERSION" ] && as_owner "$PG_BIN/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1; then
    as_owner "$PG_BIN/pg_ctl" -D "$DATA_DIR" -m fast -w stop >/dev/null
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) as_owner "$PG_BIN/pg_ctl" -D "$DATA_DIR" status ;;
  env) print_env ;;
  clean) stop; rm -rf "$DATA_DIR" ;;
  *) echo "usage: $0 start|stop|status|env|clean" >&2; exit 2 ;;
esac
