#!/usr/bin/env bash
# The balancer test (test/integration/balancer.test.ts) runs Debian's nginx in front of two instances.
# Installs nginx-light when no nginx is found (as root); the package's own service is not started.
set -euo pipefail
for n in "${NGINX:-}" /usr/sbin/nginx; do [ -n "$n" ] && [ -x "$n" ] && exit 0; done
if [ "$(id -u)" != "0" ]; then echo "nginx is missing: install Debian's nginx (apt-get install nginx-light)." >&2; exit 1; fi
echo "Installing Debian's nginx…" >&2
# policy-rc.d 101: the package installs without starting its service (it would take port 80); one
# already there is left as it is.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
fi
(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light) >&2
