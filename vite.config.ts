import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig, loadEnv } from "vite";

const isTest = process.env.VITEST !== undefined;

// `npm run dev` reads .env; variables already set (by the Shopify CLI, say) win.
if (!isTest) process.env = { ...loadEnv("development", process.cwd(), ""), ...process.env };

// Tests that touch the database are named *.db.test.ts and run twice: on SQLite and on PostgreSQL.
const dbTests = ["app/**/*.db.test.ts", "tests/**/*.db.test.ts"];
// Browser tests (*.browser.test.ts): Chromium through playwright-core against the built app and the store simulator.
const browserTests = ["tests/browser/**/*.browser.test.ts"];
const dbProject = (provider: "sqlite" | "postgresql") => ({
  extends: true as const,
  test: {
    name: provider,
    include: dbTests,
    env: { TEST_DATABASE_PROVIDER: provider },
    globalSetup: ["tests/setup/global-setup.ts"],
    setupFiles: ["tests/setup/db-setup.ts"],
  },
});

export default defineConfig({
  server: { port: Number(process.env.PORT ?? 3000), host: "127.0.0.1" },
  plugins: [
    isTest
      ? null
      : remix({
          ignoredRouteFiles: ["**/.*", "**/*.test.ts", "**/*.test.tsx"],
          future: {
            v3_fetcherPersist: true,
            v3_relativeSplatPath: true,
            v3_throwAbortReason: true,
            v3_lazyRouteDiscovery: true,
            v3_singleFetch: false,
            v3_routeConfig: false,
          },
        }),
  ],
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: [
            "app/**/*.test.ts",
            "app/**/*.test.tsx",
            "extensions/**/*.test.ts",
            "extensions/**/*.test.tsx",
            "tests/**/*.test.ts",
            "simulator/**/*.test.ts",
            "prisma/**/*.test.ts",
          ],
          exclude: [...dbTests, ...browserTests],
          setupFiles: ["tests/setup/env-setup.ts"],
        },
      },
      dbProject("sqlite"),
      dbProject("postgresql"),
      {
        extends: true,
        test: {
          name: "browser",
          include: browserTests,
          globalSetup: ["tests/browser/global-setup.ts"],
          setupFiles: ["tests/browser/setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          // After the other projects: the app, the simulator and Chromium take both cores while they run.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
