import { PassThrough } from "node:stream";
import type { EntryContext, HandleDataRequestFunction, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { startBackgroundWork } from "./background.server.ts";
import { env } from "./env.server.ts";
import { errorMessage, logger } from "./logger.server.ts";
import { addDocumentResponseHeaders, withEmbeddedHeaders } from "./shopify.server.ts";
import { stopOnSignals } from "./shutdown.server.ts";
import { assertJsonSourceTextAccess } from "./utils/json.ts";

const ABORT_DELAY_MS = 5_000;

// Refuse to start on a runtime that would round Shopify's 18-digit ids.
assertJsonSourceTextAccess();

stopOnSignals();
if (env().JOBS_RUN_IN === "web") {
  startBackgroundWork().catch((error: unknown) => logger.error("background jobs did not start", { error: errorMessage(error) }));
}

/** Every page, error pages included: the app's pages, the error boundaries' pages, a missing page. */
export default async function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext) {
  await addDocumentResponseHeaders(request, responseHeaders);
  // The library preloads App Bridge from Shopify's CDN; where another App Bridge is loaded (the demo's), preload that.
  const appBridgeUrl = env().APP_BRIDGE_URL;
  if (appBridgeUrl && responseHeaders.has("Link")) responseHeaders.set("Link", `<${appBridgeUrl}>; rel="preload"; as="script"`);
  const callbackName = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise<Response>((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      [callbackName]: () => {
        const body = new PassThrough();
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html");
        resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        logger.error("page did not render", { url: request.url, error: errorMessage(error) });
      },
    });
    setTimeout(abort, ABORT_DELAY_MS);
  });
}

/**
 * The answers to the pages' data requests (`?_data=`: navigations, fetchers, form posts), thrown ones included, carry
 * the pages' frame-ancestors too; the extension API keeps its own (shopify.server.ts, apiRoute).
 */
export const handleDataRequest: HandleDataRequestFunction = (response, { request }) =>
  new URL(request.url).pathname.startsWith("/api/") ? response : withEmbeddedHeaders(request, response);

/**
 * Errors of loaders, actions and rendering, once each. A missing page (a 404, the favicon a browser guesses) and a
 * request the browser gave up on are not errors of the app: they are not logged, and nothing prints a stack.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (error instanceof Response || (typeof error === "object" && error !== null && "status" in error && (error as { status: unknown }).status === 404)) return;
  logger.error("request failed", { method: request.method, url: new URL(request.url).pathname, error: errorMessage(error) });
};
