/**
 * A TCP proxy in front of a server (the test run's PostgreSQL) that a test can take down and bring back, as the app
 * sees a database restart: `down()` resets every open connection and closes the port (new connections are refused),
 * `up()` listens on the same port again. The test's own connections go to the server directly, and the other test
 * files sharing that server are not disturbed.
 */
import { createConnection, createServer, type Server, type Socket } from "node:net";

export interface CuttableProxy {
  /** host:port to connect to instead of the server's. */
  readonly address: string;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startCuttableProxy(upstream: { host: string; port: number }): Promise<CuttableProxy> {
  const open = new Set<Socket>();
  const track = (socket: Socket) => {
    open.add(socket);
    socket.once("close", () => open.delete(socket));
    socket.on("error", () => {});
  };
  let server: Server = listening();
  function listening(): Server {
    return createServer((client) => {
      const upstreamSocket = createConnection(upstream);
      track(client);
      track(upstreamSocket);
      client.pipe(upstreamSocket).pipe(client);
      client.once("close", () => upstreamSocket.destroy());
      upstreamSocket.once("close", () => client.destroy());
    });
  }
  const listen = (port: number) => new Promise<void>((done, fail) => server.once("error", fail).listen(port, "127.0.0.1", () => done()));
  await listen(0);
  const port = (server.address() as { port: number }).port;
  const closeServer = () => new Promise<void>((done) => server.close(() => done()));
  return {
    address: `127.0.0.1:${port}`,
    async down() {
      const closed = closeServer();
      for (const socket of open) socket.resetAndDestroy();
      await closed;
    },
    async up() {
      server = listening();
      await listen(port);
    },
    async close() {
      for (const socket of open) socket.destroy();
      if (server.listening) await closeServer();
    },
  };
}
