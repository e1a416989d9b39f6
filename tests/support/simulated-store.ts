import { afterAll, beforeAll } from "vitest";
import { db } from "../../app/db.server.ts";
import { routeShopifyToSimulator } from "../../simulator/dispatcher.ts";
import { startSimulator, type Simulator } from "../../simulator/index.ts";
import type { SimulatorOptions } from "../../simulator/options.ts";
import { TEST_APP } from "../setup/test-env.ts";
import { startAppServer, type AppServer } from "./app-server.ts";
import { runJobs } from "./jobs.ts";

export interface SimulatedStore {
  /** The store simulator, started before the file's tests. */
  readonly sim: Simulator;
  /** The URL the app's routes answer on (webhooks arrive there). */
  readonly appUrl: string;
  /** Waits until webhook deliveries, the inbox and backfill imports have all finished (runs the due jobs). */
  settle(): Promise<void>;
}

/**
 * For a test file: the store simulator and the app's routes behind a real socket, with the real
 * Shopify client routed to the simulator; both stopped after the file.
 */
export function useSimulatedStore(options: Pick<SimulatorOptions, "bucket"> = {}): SimulatedStore {
  let appServer: AppServer | undefined;
  let sim: Simulator | undefined;

  beforeAll(async () => {
    appServer = await startAppServer(Number(process.env.TEST_APP_PORT));
    sim = await startSimulator({
      apiKey: TEST_APP.apiKey,
      apiSecret: TEST_APP.apiSecret,
      appUrl: appServer.url,
      scopes: TEST_APP.scopes,
      appTomlPath: "shopify.app.toml",
      retryDelayScale: 1 / 36_000,
      ...options,
    });
    routeShopifyToSimulator(sim.url);
  });

  afterAll(async () => {
    await sim?.close();
    await appServer?.close();
  });

  const started = <T>(value: T | undefined, what: string): T => {
    if (!value) throw new Error(`${what} is used before beforeAll started it`);
    return value;
  };

  return {
    get sim() {
      return started(sim, "the simulator");
    },
    get appUrl() {
      return started(appServer, "the app server").url;
    },
    async settle() {
      const simulator = started(sim, "the simulator");
      for (let round = 0; round < 100; round++) {
        await simulator.webhooksSettled();
        await runJobs();
        const pending = await db.webhookEvent.count({ where: { status: "pending" } });
        const importing = await db.bulkImport.count({ where: { status: { in: ["running", "importing"] } } });
        if (pending === 0 && importing === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error("the app did not settle");
    },
  };
}
