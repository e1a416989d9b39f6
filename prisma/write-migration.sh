#!/usr/bin/env bash
# Writes a migration named $1 for both providers: the SQL that takes the schema as the
# committed migrations leave it to the schema as it is now. Needs no database server.
set -euo pipefail
cd "$(dirname "$0")"
name=${1:?usage: npm run db:migration -- <name>}
stamp=$(date -u +%Y%m%d%H%M%S)
mkdir -p var
npx tsx generate-postgresql-schema.ts
for provider in sqlite postgresql; do
  url=$([ "$provider" = sqlite ] && echo "file:./var/migration-scratch.db" || echo "postgresql://postgres@127.0.0.1:5432/postgres")
  previous=$(mktemp)
  # The schema as of the last migration is kept beside the migrations.
  snapshot="$provider/migrations/schema.snapshot.prisma"
  if [ -f "$snapshot" ]; then from=(--from-schema-datamodel "$snapshot"); else from=(--from-empty); fi
  dir="$provider/migrations/${stamp}_${name}"
  mkdir -p "$dir"
  DATABASE_URL=$url npx prisma migrate diff --config prisma.config.ts "${from[@]}" \
    --to-schema-datamodel "$provider/schema.prisma" --script > "$dir/migration.sql"
  cp "$provider/schema.prisma" "$snapshot"
  rm -f "$previous"
done
