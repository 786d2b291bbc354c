#!/usr/bin/env bash
# npm test: typecheck, lint, module boundaries, unit tests, HTTP integration tests on PGlite and on PostgreSQL 15,
# then browser tests in headless Chromium. Starts (and stops) a throwaway PostgreSQL cluster when
# TEST_DATABASE_URL is not given; installs Debian's chromium when missing.
set -uo pipefail
cd "$(dirname "$0")/.."
export NODE_OPTIONS="${NODE_OPTIONS:-} --max-old-space-size=3072"
declare -a summary=()
failed=0
step() {
  local name="$1"; shift
  echo; echo "━━ $name"
  local t0=$SECONDS
  if "$@"; then summary+=("  ok    $name ($((SECONDS - t0)) s)")
  else summary+=("  FAIL  $name ($((SECONDS - t0)) s)"); failed=$((failed + 1)); fi
}

step "typecheck" npx tsc --noEmit -p tsconfig.json
step "lint (Biome)" npx biome check .
step "module boundaries (dependency-cruiser)" npm run -s check:boundaries
step "API client up to date" npm run gen:api -- --check
step "unit tests" npx vitest run --project unit
# CAP documents are validated with xmllint (Debian's libxml2-utils) against data/cap/CAP-v1.2.xsd.
bash scripts/ensure-xmllint.sh || { summary+=("  FAIL  xmllint unavailable"); failed=$((failed + 1)); }
step "integration tests on PGlite" env -u TEST_DATABASE_URL npx vitest run --project integration

started_pg=""
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  already=""; [ -f .tmp/pg/url ] && already=1   # a cluster already running is used and left running
  if url=$(bash scripts/pg-test-cluster.sh start); then
    export TEST_DATABASE_URL="$url"; started_pg=1
    [ -z "$already" ] && trap 'bash scripts/pg-test-cluster.sh stop' EXIT
  else
    summary+=("  FAIL  could not start a PostgreSQL cluster"); failed=$((failed + 1))
  fi
fi
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  # The balancer test puts Debian's nginx in front of two instances (skipped when it cannot be installed).
  bash scripts/ensure-nginx.sh || echo "nginx unavailable: the balancer test is skipped"
  step "integration tests on PostgreSQL" npx vitest run --project integration
fi

step "web build" npx vite build --config vite.config.ts --logLevel warn
# The built server installed with runtime dependencies only, started without demo data (about a minute).
step "production install" bash scripts/test-production-install.sh
if bash scripts/ensure-chromium.sh; then
  step "browser tests (headless Chromium)" env -u TEST_DATABASE_URL npx vitest run --project browser
else
  summary+=("  FAIL  chromium unavailable"); failed=$((failed + 1))
fi

echo; echo "━━ summary"
printf '%s\n' "${summary[@]}"
if [ "$failed" -gt 0 ]; then echo "$failed step(s) failed"; exit 1; fi
echo "all steps passed"
