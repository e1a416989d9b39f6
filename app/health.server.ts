import { db } from "./db.server.ts";
import { errorMessage, logger } from "./logger.server.ts";

/** A probe that waits longer than this counts as a failure: the process is not answering in time either. */
const PROBE_TIMEOUT_MS = 2_000;

/**
 * The health check's answer: 200 when `probe` (a trivial query of the app's database) succeeds in time, 503 otherwise
 * (so a load balancer stops sending this process requests until it recovers). The body names nothing but the
 * database's state; why it failed goes to the log.
 */
export async function healthAnswer(probe: () => Promise<unknown> = () => db.$queryRawUnsafe("SELECT 1")): Promise<Response> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
      }),
    ]);
    return Response.json({ status: "ok", database: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    logger.warn("health check failed", { error: errorMessage(error) });
    return Response.json({ status: "unavailable", database: "unreachable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  } finally {
    clearTimeout(timer);
  }
}
