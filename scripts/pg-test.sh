#!/usr/bin/env bash
# Runs the SQL tests against a throw-away PostgreSQL cluster (what a developer runs; in CI,
# test/sql/postgres.test.ts starts and stops the same cluster itself through pg-start.sh /
# pg-stop.sh when no PGHOST is set). Extra arguments go to vitest.
# Usage: bash scripts/pg-test.sh [vitest args]
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/pg-start.sh)"
trap 'bash scripts/pg-stop.sh "$CLIENTELE_PG_DIR"' EXIT
export PGHOST PGPORT PGUSER PGDATABASE
echo "pg-test: PostgreSQL on socket $PGHOST port $PGPORT"
npx vitest run test/sql "$@"
