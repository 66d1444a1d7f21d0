#!/usr/bin/env bash
# Runs every script in examples/ with tsx; fails on the first that fails.
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob
for f in examples/*.ts; do
  echo "== $f"
  npx tsx "$f" > /tmp/clientele-example.out
  tail -n 5 /tmp/clientele-example.out
done
