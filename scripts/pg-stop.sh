#!/usr/bin/env bash
# Stops and removes a cluster started by scripts/pg-start.sh: bash scripts/pg-stop.sh <dir>
set -uo pipefail
DIR="${1:-${CLIENTELE_PG_DIR:-}}"
case "$DIR" in
  */clientele-pg.*) ;;
  *) echo "pg-stop: expected the directory printed by pg-start.sh (…/clientele-pg.XXXXXX), got '$DIR'" >&2; exit 1 ;;
esac
BIN="${PG_BIN:-}"
if [ -z "$BIN" ]; then
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_ctl" ] && BIN="$d"; done
fi
RUN=()
[ "$(id -u)" -eq 0 ] && RUN=(runuser -u postgres --)
if [ -d "$DIR/data" ] && [ -n "$BIN" ]; then
  "${RUN[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
fi
rm -rf "$DIR"
