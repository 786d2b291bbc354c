#!/usr/bin/env bash
# The production install, as docs/operations.md describes it: the built output (dist/), what it reads at
# run time (drizzle/, data/, src/web/i18n/) and package.json + package-lock.json are copied to an empty
# directory, `npm ci --omit=dev --ignore-scripts` installs the runtime dependencies only (from the local
# npm cache; from the registry when the cache lacks something), then `node dist/server/qorgan.mjs start`
# serves on an ephemeral port with a new embedded database and no demo data: / and /api/health must
# answer 200, no dev-only package may be installed, no demo account may exist. Then it is stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$SECONDS
node scripts/build-if-changed.mjs

tmp="$(mktemp -d /tmp/qorgan-prod-XXXXXX)"
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
  echo "production install: $*" >&2
  [ -f "$tmp/server.log" ] && tail -20 "$tmp/server.log" >&2
  exit 1
}

cp -r dist drizzle data package.json package-lock.json "$tmp/"
mkdir -p "$tmp/src/web" && cp -r src/web/i18n "$tmp/src/web/"
cd "$tmp"
npm_quiet=(--omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)
if ! npm ci "${npm_quiet[@]}" --offline >npm.log 2>&1; then
  echo "(the npm cache lacks a runtime package: installing from the registry)"
  npm ci "${npm_quiet[@]}" --prefer-offline >npm.log 2>&1 || { cat npm.log >&2; fail "npm ci failed"; }
fi
for dev in vite react react-dom @mantine/core maplibre-gl vitest typescript tsx esbuild; do
  [ -e "node_modules/$dev" ] && fail "dev-only package installed: $dev"
done
echo "installed $(ls node_modules | wc -l) top-level packages in $((SECONDS - t0)) s"

# A new embedded database, no demo data; QORGAN_LOG=false as an operator would set it.
QORGAN_LOG=false node dist/server/qorgan.mjs start --port 0 --data-dir "$tmp/db" >server.log 2>&1 &
pid=$!
url=""
for _ in $(seq 1 1200); do
  url="$(grep -o 'running at http://[0-9.:]*' server.log | head -1 | sed 's/running at //')" || true
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || fail "the server stopped"
  sleep 0.1
done
[ -n "$url" ] || fail "the server did not start in 120 s"
for path in / /api/health; do
  code="$(curl -s -o "body.txt" -w '%{http_code}' "$url$path")"
  [ "$code" = "200" ] || fail "GET $path answered $code"
done
grep -q '"ok":true' body.txt || fail "/api/health: $(cat body.txt)"
grep -q "Demo accounts" server.log && fail "demo data loaded"
code="$(curl -s -o /dev/null -w '%{http_code}' -H 'content-type: application/json' \
  -d '{"username":"admin","password":"qorgan-demo-2026"}' "$url/api/auth/sign-in")"
[ "$code" = "401" ] || fail "a demo account signs in (answered $code)"
grep -q '"msg":"incoming request"' server.log && fail "request lines logged with QORGAN_LOG=false"
kill -TERM "$pid"
wait "$pid" || true
pid=""
echo "production install: served / and /api/health from $url, stopped; $((SECONDS - t0)) s in all"
