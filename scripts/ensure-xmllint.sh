#!/usr/bin/env bash
# The CAP tests validate every generated document with xmllint against data/cap/CAP-v1.2.xsd:
# Debian's libxml2-utils, installed when missing (as root), like scripts/ensure-chromium.sh.
set -euo pipefail
if command -v xmllint >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != "0" ]; then echo "xmllint is missing: install Debian's libxml2-utils (apt-get install libxml2-utils)." >&2; exit 1; fi
echo "Installing Debian's libxml2-utils (xmllint)…" >&2
(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxml2-utils) >&2
