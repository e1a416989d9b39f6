import { Agent, setGlobalDispatcher, type Dispatcher } from "undici";

/**
 * Test and demo wiring: routes every `https://<shop>.myshopify.com/...` request made with the global `fetch`
 * (and so by `@shopify/shopify-api`) to the store simulator, adding `x-simulator-shop: <shop domain>`.
 * Other origins are untouched. Production code never calls this.
 */
export function shopifyToSimulatorInterceptor(simulatorUrl: string): Dispatcher.DispatcherComposeInterceptor {
  const target = new URL(simulatorUrl).origin;
  return (dispatch) => (options, handler) => {
    const origin = options.origin ? new URL(String(options.origin)) : null;
    if (!origin || !origin.hostname.endsWith(".myshopify.com")) return dispatch(options, handler);
    return dispatch({ ...options, origin: target, headers: withHeader(options.headers, "x-simulator-shop", origin.hostname) }, handler);
  };
}

function withHeader(headers: Dispatcher.DispatchOptions["headers"], name: string, value: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const add = (key: string, v: string | string[] | undefined) => {
    if (v !== undefined && key.toLowerCase() !== "host") out[key] = v;
  };
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) add(String(headers[i]), String(headers[i + 1]));
  } else if (headers && typeof (headers as Iterable<unknown>)[Symbol.iterator] === "function") {
    for (const [key, v] of headers as Iterable<[string, string | string[] | undefined]>) add(key, v);
  } else if (headers) {
    for (const [key, v] of Object.entries(headers as Record<string, string | string[] | undefined>)) add(key, v);
  }
  out[name] = value;
  return out;
}

/** Installs the interceptor on undici's global dispatcher, which Node's global `fetch` uses. */
export function routeShopifyToSimulator(simulatorUrl: string): void {
  setGlobalDispatcher(new Agent().compose(shopifyToSimulatorInterceptor(simulatorUrl)));
}
