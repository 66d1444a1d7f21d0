#!/usr/bin/env bash
# Debian packages that tests use against real engines and a real browser:
#   postgresql (test/sql: the generated SQL runs on a throw-away cluster)
#   chromium   (test/plot gallery screenshots, test/browser: the bundles in a real browser)
# Installs what is missing when apt-get is usable (root, or sudo without a password); otherwise
# says loudly which tests will skip. Safe to run twice.
set -uo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -eq 0 ]; then
  echo "system-deps: chromium and postgresql present"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; fi
fi
if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; }; then
  echo "system-deps: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq || echo "system-deps: WARNING apt-get update failed" >&2
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || echo "system-deps: WARNING could not install ${need[*]}: the tests that need them will SKIP (loudly)" >&2
else
  echo "system-deps: WARNING cannot install ${need[*]} (no apt-get or no root): the tests that need them will SKIP (loudly)" >&2
fi
exit 0
