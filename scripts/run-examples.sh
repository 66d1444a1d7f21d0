#!/usr/bin/env bash
# Runs every script in examples/ with tsx; fails on the first that fails.
# The examples import `clientele/<sub>` as a user's code does. After `npm run build` (as in
# .ci/run) they run against the built package: scripts/tsconfig.examples-dist.json drops the
# tsconfig paths, so the names resolve through package.json "exports" (self-reference) to dist.
# Without dist, or with EXAMPLES_AGAINST=src, they run against src (the tsconfig paths).
# Their output lines are checked by test/examples/examples.test.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob
against="${EXAMPLES_AGAINST:-$([ -f dist/index.js ] && echo dist || echo src)}"
tsconfig=()
case "$against" in
  dist) tsconfig=(--tsconfig scripts/tsconfig.examples-dist.json) ;;
  src) ;;
  *) echo "EXAMPLES_AGAINST must be src or dist, got $against" >&2; exit 2 ;;
esac
echo "examples against $against"
for f in examples/*.ts; do
  echo "== $f"
  npx tsx "${tsconfig[@]}" "$f" > /tmp/clientele-example.out
  tail -n 5 /tmp/clientele-example.out
done
