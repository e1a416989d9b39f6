import { PrismaLibSQL } from "@prisma/adapter-libsql";

// The adapter's own libsql client (a version of its own, not the app's @libsql/client).
type Client = ReturnType<PrismaLibSQL["createClient"]>;
type Config = ConstructorParameters<typeof PrismaLibSQL>[0];
type Transaction = Awaited<ReturnType<Client["transaction"]>>;

/** How long a statement keeps trying for another connection's write lock before its SQLITE_BUSY is the answer. */
export const SQLITE_BUSY_WAIT_MS = 5_000;
const FIRST_PAUSE_MS = 2;
const LONGEST_PAUSE_MS = 50;

/**
 * Prisma's libsql adapter, with every statement that meets another connection's write lock (the rescoring thread's,
 * a second job worker's) trying again until the lock is free instead of failing at once with SQLITE_BUSY, which
 * Prisma reports as "Operation has timed out" (a raw query, as the SQLite error).
 *
 * SQLite's own busy timeout cannot do it here: libsql calls SQLite synchronously, so a connection waiting for a lock
 * blocks its thread's event loop for the whole wait (the webhooks with it), and a lock held by a transaction of the
 * same thread is never released meanwhile; libsql's client also opens a fresh connection, timeout back at zero,
 * after each transaction. So the waiting is done here, between tries, without blocking. Transactions begin
 * IMMEDIATE, taking the write lock at BEGIN, where waiting is safe: a deferred transaction that reads and then
 * writes cannot wait at the write, since another connection's commit in between voids what it read. A statement
 * outside a transaction that failed with SQLITE_BUSY changed nothing, so trying it again is safe.
 * (Prisma's SQLite adapter for better-sqlite3 would wait in SQLite itself, blocking the thread the same way.)
 */
export class BusyWaitingLibSQL extends PrismaLibSQL {
  readonly #waitMs: number;

  constructor(config: Config, waitMs: number = SQLITE_BUSY_WAIT_MS) {
    super(config);
    this.#waitMs = waitMs;
  }

  override createClient(config: Config): Client {
    return waitingForLocks(() => super.createClient(config), this.#waitMs);
  }
}

/**
 * A client whose statements and transactions wait out SQLITE_BUSY. A statement that met SQLITE_BUSY stays active on
 * its connection (libsql does not reset it), and an active statement makes every later COMMIT there fail ("SQL
 * statements in progress"), so the client's idle connection is dropped for a fresh one before each new try.
 *
 * A transaction runs on the client's own connection, where libsql's would take it over and open a new one for what
 * follows (reading the schema again: a few milliseconds for every write). Prisma's adapter uses a client one call at
 * a time and holds it for the whole of a transaction, so nothing else runs on the connection meanwhile.
 */
function waitingForLocks(connect: () => Client, waitMs: number): Client {
  let current = connect();
  const freshConnection = () => {
    const dropped = current;
    current = connect();
    dropped.close();
  };
  const patiently = <R>(run: () => Promise<R>) => whileBusy(run, freshConnection, waitMs);
  return new Proxy(current, {
    get(_target, property) {
      switch (property) {
        case "execute":
        case "batch":
        case "executeMultiple":
          return (...args: unknown[]) => patiently(() => (current[property] as (...a: unknown[]) => Promise<unknown>).apply(current, args));
        case "transaction":
          return async (): Promise<Transaction> => {
            // Each try on the client's connection of the moment (a try that met SQLITE_BUSY replaced it).
            let connection = current;
            await patiently(() => {
              connection = current;
              return connection.execute("BEGIN IMMEDIATE");
            });
            return onTheSameConnection(connection);
          };
        default: {
          const value = Reflect.get(current, property);
          return typeof value === "function" ? value.bind(current) : value;
        }
      }
    },
  });
}

/** A transaction begun with BEGIN IMMEDIATE on `connection`: its statements, then COMMIT or ROLLBACK there. */
function onTheSameConnection(connection: Client): Transaction {
  let open = true;
  const end = async (statement: "COMMIT" | "ROLLBACK") => {
    if (!open) return;
    await connection.execute(statement);
    open = false;
  };
  const live = () => {
    if (!open) throw new Error("The transaction is closed");
  };
  const transaction: Transaction = {
    execute: (statement) => {
      live();
      return connection.execute(statement);
    },
    batch: async (statements) => {
      const results = [];
      for (const statement of statements) results.push(await transaction.execute(statement));
      return results;
    },
    executeMultiple: () => Promise.reject(new Error("executeMultiple is not supported in a transaction")),
    commit: () => end("COMMIT"),
    rollback: () =>
      end("ROLLBACK").catch(() => {
        // A failed COMMIT may have ended the transaction already; the connection stays usable.
        open = false;
      }),
    close: () => {
      void transaction.rollback();
    },
    get closed() {
      return !open;
    },
  };
  return transaction;
}

async function whileBusy<T>(run: () => Promise<T>, beforeTryingAgain: () => void, waitMs: number): Promise<T> {
  const giveUpAt = Date.now() + waitMs;
  for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, LONGEST_PAUSE_MS)) {
    try {
      return await run();
    } catch (error) {
      if (!isBusy(error) || Date.now() + pause > giveUpAt) throw error;
      beforeTryingAgain();
      await new Promise((resolve) => setTimeout(resolve, pause * (0.5 + Math.random() / 2)));
    }
  }
}

/** SQLITE_BUSY and its extended codes (SQLITE_BUSY_RECOVERY, _SNAPSHOT, _TIMEOUT). */
function isBusy(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, rawCode } = error as { code?: unknown; rawCode?: unknown };
  if (typeof rawCode === "number") return (rawCode & 0xff) === 5;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}
