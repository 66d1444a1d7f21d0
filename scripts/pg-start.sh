#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster for the SQL tests (test/sql/postgres.test.ts) and
# prints its connection settings as shell assignments on stdout:
#   PGHOST=<socket dir> PGPORT=<port> PGUSER=postgres PGDATABASE=postgres CLIENTELE_PG_DIR=<dir>
# The cluster lives in a fresh temp dir, listens only on a unix socket in that dir (no TCP),
# trusts local connections, and is removed by scripts/pg-stop.sh <dir>.
# PostgreSQL refuses to run as root: as root, the server runs as the `postgres` user (created by
# Debian's package) through runuser. Exit status 2 when no PostgreSQL binaries are installed.
# Usage: eval "$(bash scripts/pg-start.sh)"; ...; bash scripts/pg-stop.sh "$CLIENTELE_PG_DIR"
set -euo pipefail
BIN="${PG_BIN:-}"
if [ -z "$BIN" ]; then
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && BIN="$d"; done
fi
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "pg-start: no PostgreSQL binaries (initdb) found; install Debian's postgresql package (scripts/system-deps.sh)" >&2
  exit 2
fi
DIR="$(mktemp -d "${TMPDIR:-/tmp}/clientele-pg.XXXXXX")"
chmod 755 "$DIR"
RUN=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "pg-start: running as root and there is no postgres user to run the server" >&2; rm -rf "$DIR"; exit 2; }
  chown postgres "$DIR"
  RUN=(runuser -u postgres --)
fi
USER_NAME="$(if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi)"
# a port number only names the socket file (no TCP): pick one from the pid and the time
PORT=$(( 20000 + (RANDOM * 7 + $$) % 30000 ))
"${RUN[@]}" "$BIN/initdb" -D "$DIR/data" -U "$USER_NAME" -A trust -E UTF8 --no-locale --no-sync >"$DIR/initdb.log" 2>&1 \
  || { echo "pg-start: initdb failed (log: $DIR/initdb.log)" >&2; cat "$DIR/initdb.log" >&2; exit 1; }
"${RUN[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
  -o "-c listen_addresses='' -c unix_socket_directories='$DIR' -p $PORT -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c shared_buffers=64MB" \
  start >/dev/null 2>&1 \
  || { echo "pg-start: the server did not start (log: $DIR/server.log)" >&2; cat "$DIR/server.log" >&2; exit 1; }
echo "PGHOST=$DIR"
echo "PGPORT=$PORT"
echo "PGUSER=$USER_NAME"
echo "PGDATABASE=postgres"
echo "CLIENTELE_PG_DIR=$DIR"
