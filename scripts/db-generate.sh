#!/usr/bin/env bash
# npm run db:generate -- <name>: a new migration from the schema (*.tables.ts), one generator at a time
# (two drizzle-kit runs at once would both take the next number and each rewrite the journal).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 1 ] || { echo "usage: npm run db:generate -- <migration_name>" >&2; exit 2; }
mkdir -p .tmp
exec flock .tmp/drizzle-generate.lock npx drizzle-kit generate --name "$1"
