#!/usr/bin/env bash
# Starts throwaway PostgreSQL and Redis servers on 127.0.0.1 for the tests (as root or any user),
# from Debian's packages, and exports their URLs. Source it: `source scripts/services.sh`.
# Idempotent: a server already answering on its port is reused.
#   DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres
#   REDIS_URL=redis://127.0.0.1:56379
MICRODROP_PG_PORT=${MICRODROP_PG_PORT:-55432}
MICRODROP_REDIS_PORT=${MICRODROP_REDIS_PORT:-56379}
MICRODROP_SERVICES_DIR=${MICRODROP_SERVICES_DIR:-/tmp/microdrop-services}
mkdir -p "$MICRODROP_SERVICES_DIR"

_md_as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$1"; else bash -c "$1"; fi
}

if command -v redis-server >/dev/null 2>&1; then
  if ! redis-cli -p "$MICRODROP_REDIS_PORT" ping >/dev/null 2>&1; then
    redis-server --port "$MICRODROP_REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
      --maxclients 10000 --logfile "$MICRODROP_SERVICES_DIR/redis.log" --dir "$MICRODROP_SERVICES_DIR"
    for _ in $(seq 50); do redis-cli -p "$MICRODROP_REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  export REDIS_URL="redis://127.0.0.1:$MICRODROP_REDIS_PORT"
else
  echo "services: redis-server not installed (apt-get install redis-server); Redis tests will not run" >&2
fi

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -n "$PG_BIN" ]; then
  if ! "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$MICRODROP_PG_PORT"; then
    PGDATA="$MICRODROP_SERVICES_DIR/pg"
    if [ ! -f "$PGDATA/PG_VERSION" ]; then
      mkdir -p "$PGDATA"
      [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$MICRODROP_SERVICES_DIR" && chmod 755 "$MICRODROP_SERVICES_DIR"
      _md_as_postgres "$PG_BIN/initdb -D $PGDATA -A trust -U postgres --no-sync >$MICRODROP_SERVICES_DIR/initdb.log 2>&1"
    fi
    _md_as_postgres "$PG_BIN/pg_ctl -D $PGDATA -l $PGDATA/server.log -w start -o \"-c listen_addresses=127.0.0.1 -p $MICRODROP_PG_PORT -k /tmp -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\"" >/dev/null
  fi
  export DATABASE_URL="postgres://postgres@127.0.0.1:$MICRODROP_PG_PORT/postgres"
else
  echo "services: PostgreSQL not installed (apt-get install postgresql); PostgreSQL tests will not run" >&2
fi
