#!/usr/bin/env bash
# `npm run demo`: installs what is missing, builds the app, then runs the demo.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ ! -x node_modules/.bin/tsx ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm packages..."
  npm install --no-audit --no-fund
fi
[ -d node_modules/@generated/prisma-sqlite ] || npm run --silent db:generate
echo "Building the app..."
mkdir -p var
node_modules/.bin/remix vite:build >var/build.log 2>&1 || { cat var/build.log; exit 1; }
exec node_modules/.bin/tsx simulator/demo/main.ts
