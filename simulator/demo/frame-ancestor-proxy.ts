import { createServer, request, type Server } from "node:http";

/**
 * The demo's public address of the app. Shopify admin is at https://admin.shopify.com, and the
 * app only lets that origin (and the shop's) frame it (Content-Security-Policy frame-ancestors);
 * in the demo the admin page is the simulator's, so this pass-through proxy names the
 * simulator's origin in that header instead. Everything else passes unchanged.
 */
export async function startFrameAncestorProxy(options: { port: number; appOrigin: string; adminOrigin: string }): Promise<Server> {
  const target = new URL(options.appOrigin);
  const server = createServer((req, res) => {
    const forward = (firstTry: boolean) => {
      const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        const headers = { ...answer.headers };
        const policy = headers["content-security-policy"];
        if (typeof policy === "string" && policy.includes("frame-ancestors")) {
          headers["content-security-policy"] = policy.replace(/frame-ancestors[^;]*/, `frame-ancestors ${options.adminOrigin}`);
        }
        res.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(res);
      });
      upstream.on("error", (error: NodeJS.ErrnoException) => {
        // A kept-alive connection the app closed as this request went out (Node's documented race): a request
        // without a body is sent again once, on a new connection.
        if (firstTry && upstream.reusedSocket && error.code === "ECONNRESET" && bodiless) return forward(false);
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      if (bodiless) upstream.end();
      else req.pipe(upstream);
    };
    const bodiless = req.method === "GET" || req.method === "HEAD";
    forward(true);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", resolve);
  });
  return server;
}
