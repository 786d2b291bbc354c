#!/usr/bin/env bash
# Browser tests use Debian's chromium through playwright-core; never download a browser.
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then exit 0; fi
for c in /usr/bin/chromium /usr/bin/chromium-browser; do [ -x "$c" ] && exit 0; done
if [ "$(id -u)" != "0" ]; then echo "Chromium is missing: install Debian's chromium (apt-get install chromium)." >&2; exit 1; fi
echo "Installing Debian's chromium…" >&2
(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >&2
