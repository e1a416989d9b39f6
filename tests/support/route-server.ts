import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

export type RouteModule = {
  action?: (args: { request: Request; params: Record<string, string>; context: unknown }) => Promise<Response> | Response;
  loader?: (args: { request: Request; params: Record<string, string>; context: unknown }) => Promise<unknown> | unknown;
};

function toRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", origin), {
    method: req.method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
  } as RequestInit);
}

export interface AppServer {
  url: string;
  close(): Promise<void>;
}

/** The route modules `find` names for a path, behind a real HTTP socket (what startAppServer serves). */
export async function serveRoutes(find: (pathname: string) => (() => Promise<RouteModule>) | undefined, port = 0): Promise<AppServer> {
  let origin = "";
  const server: Server = createServer(async (req, res) => {
    let response: Response;
    try {
      const load = find(new URL(req.url ?? "/", origin).pathname);
      const module = load ? await load() : undefined;
      // As Remix: GET, HEAD and OPTIONS (a CORS preflight) go to the loader, the other methods to the action.
      const handler = ["GET", "HEAD", "OPTIONS"].includes(req.method ?? "GET") ? module?.loader : module?.action;
      if (!handler) response = new Response("Not found", { status: 404 });
      else {
        const result = await handler({ request: toRequest(req, origin), params: {}, context: {} });
        response = result instanceof Response ? result : Response.json(result);
      }
    } catch (thrown) {
      response = thrown instanceof Response ? thrown : new Response(String(thrown), { status: 500 });
    }
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
