#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the test suite.
#   scripts/pg-test-cluster.sh start   → prints the TEST_DATABASE_URL to use (state in .tmp/pg)
#   scripts/pg-test-cluster.sh stop    → stops it and removes its files
# Installs Debian's postgresql when the binaries are missing (as root). Postgres refuses to run as
# root, so as root the cluster runs as user "postgres".
set -euo pipefail
cd "$(dirname "$0")/.."
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
STATE=".tmp/pg"
DIR="/tmp/qorgan-pg-$(id -u)-$(pwd | md5sum | cut -c1-8)"

as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
start)
  if [ ! -x "$PGBIN/initdb" ]; then
    echo "PostgreSQL binaries not found in $PGBIN: installing Debian's postgresql…" >&2
    if [ "$(id -u)" != "0" ]; then echo "Run as root or install postgresql-15 yourself." >&2; exit 1; fi
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
    PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  fi
  if [ -f "$STATE/url" ] && as_pg "$PGBIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
    cat "$STATE/url"; exit 0
  fi
  rm -rf "$DIR"; mkdir -p "$DIR" "$STATE"; chmod 755 "$DIR"
  [ "$(id -u)" = "0" ] && chown postgres "$DIR"
  as_pg "$PGBIN/initdb" -D "$DIR/data" -U postgres -A trust --locale=C.UTF-8 -E UTF8 >/dev/null
  PORT=$(( 20000 + RANDOM % 20000 ))
  while (echo >/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; do PORT=$(( PORT + 1 )); done
  as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null
  echo "postgres://postgres@127.0.0.1:$PORT/postgres" > "$STATE/url"
  cat "$STATE/url"
  ;;
stop)
  if [ -d "$DIR/data" ]; then as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$DIR" "$STATE"
  ;;
*)
  echo "usage: $0 start|stop" >&2; exit 2
  ;;
esac
