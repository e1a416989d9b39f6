# The app's image: the web server (`npm start`) by default, the job worker with `npm run worker` as the command.
# Build: docker build -t clv-crm .   Run: see README, "Running it for real" (environment, migrations, processes).
FROM node:24-bookworm-slim

WORKDIR /app
# The install runs the packages' allowed scripts (package.json allowScripts) and generates the Prisma clients,
# which need the schemas.
COPY package.json package-lock.json ./
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

ENV NODE_ENV=production PORT=3000
EXPOSE 3000
USER node
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# Migrations first (idempotent; run them from one process only when several start together), then the server.
CMD ["sh", "-c", "npm run db:migrate && exec npm start"]
