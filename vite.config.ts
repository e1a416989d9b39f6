import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";

const isTest = process.env.VITEST !== undefined;

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
    include: ["app/**/*.test.ts", "app/**/*.test.tsx", "tests/**/*.test.ts", "simulator/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
