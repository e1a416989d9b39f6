/**
 * The app's server entry (app/entry.server.tsx) loaded as remix-serve loads it, behind an HTTP server that closes on
 * SIGTERM and SIGINT as remix-serve's does, for the test that the web process exits when told to. Prints "listening"
 * once it listens; its environment is the test's (the database, JOBS_RUN_IN).
 */
import { createServer } from "node:http";
import "../../app/entry.server.tsx";

const server = createServer((_request, response) => response.end());
for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => server.close());
server.listen(0, "127.0.0.1", () => process.stdout.write("listening\n"));
