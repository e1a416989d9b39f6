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

pg_url=${TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/postgres}
if ! node_modules/.bin/node -e "const c=new (require('pg').Client)(process.argv[1]);c.connect().then(()=>c.end(),()=>process.exit(1))" "$pg_url"; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    echo "Starting PostgreSQL..."
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
    sleep 2
  fi
fi

export TZ=UTC
exec node_modules/.bin/vitest run "$@"
