#!/usr/bin/env bash
# Runs every benchmark in benchmarks/ (pass --quick to skip the slowest peers), then
# checks that benchmarks/RESULTS.md links every notes file in benchmarks/notes/.
set -euo pipefail
cd "$(dirname "$0")/.."
for f in benchmarks/*.bench.ts; do
  echo "== $f"
  npx tsx "$f" "$@"
done
node scripts/collect-results.mjs
