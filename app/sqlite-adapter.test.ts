import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient } from "@generated/prisma-sqlite";
import { afterEach, describe, expect, test } from "vitest";
import { BusyWaitingLibSQL } from "./sqlite-adapter.server.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const folders: string[] = [];
const clients: PrismaClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.$disconnect()));
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

async function twoConnections(adapter: (url: string) => PrismaLibSQL) {
  const folder = mkdtempSync(join(tmpdir(), "busy-"));
  folders.push(folder);
  const url = `file:${join(folder, "test.db")}`;
  const [holder, writer] = [new PrismaClient({ adapter: adapter(url) }), new PrismaClient({ adapter: adapter(url) })];
  clients.push(holder, writer);
  await holder.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await holder.$executeRawUnsafe("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
  // A transaction first: libsql's client then opens a new connection for the statements that follow.
  await writer.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("INSERT INTO t (v) VALUES ('before')");
  });
  return { holder, writer };
}

/** Once the holder's transaction has written (it holds the write lock for 300 ms): the transaction's end. */
async function holdTheWriteLock(holder: PrismaClient): Promise<{ holding: Promise<void> }> {
  let lockHeld!: () => void;
  const held = new Promise<void>((resolve) => {
    lockHeld = resolve;
  });
  const holding = holder.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe("INSERT INTO t (v) VALUES ('holder')");
      lockHeld();
      await sleep(300);
    },
    { timeout: 10_000 },
  );
  await held;
  return { holding };
}

/** The writer writes while the holder's transaction holds the write lock for 300 ms. */
async function writeDuringAnotherTransaction({ holder, writer }: Awaited<ReturnType<typeof twoConnections>>) {
  const { holding } = await holdTheWriteLock(holder);
  const started = Date.now();
  const written = await writer.$executeRawUnsafe("INSERT INTO t (v) VALUES ('writer')").then(
    () => ({ ok: true as const, waitedMs: Date.now() - started }),
    (error: unknown) => ({
      ok: false as const,
      waitedMs: Date.now() - started,
      error: error instanceof Error ? error.message.trim().split("\n").at(-1) : String(error),
    }),
  );
  await holding;
  return written;
}

describe("the SQLite adapter", () => {
  test("a write on a connection opened after a transaction waits for another connection's lock", async () => {
    const written = await writeDuringAnotherTransaction(await twoConnections((url) => new BusyWaitingLibSQL({ url })));
    expect(written).toMatchObject({ ok: true });
    expect(written.waitedMs).toBeGreaterThanOrEqual(200);
  });

  test("a write gives up with SQLite's answer once the lock stays held longer than its wait", async () => {
    const written = await writeDuringAnotherTransaction(await twoConnections((url) => new BusyWaitingLibSQL({ url }, 100)));
    expect(written).toMatchObject({ ok: false, error: expect.stringContaining("SQLITE_BUSY") });
    expect(written.waitedMs).toBeGreaterThanOrEqual(50);
    expect(written.waitedMs).toBeLessThan(280);
  });

  test("Prisma's adapter as it comes fails that write at once (what the wrapper is for)", async () => {
    const written = await writeDuringAnotherTransaction(await twoConnections((url) => new PrismaLibSQL({ url })));
    expect(written).toMatchObject({ ok: false, error: expect.stringContaining("SQLITE_BUSY") });
    expect(written.waitedMs).toBeLessThan(100);
  });

  test("a transaction that reads and then writes waits for the lock at BEGIN instead of failing at the write", async () => {
    const { holder, writer } = await twoConnections((url) => new BusyWaitingLibSQL({ url }));
    const { holding } = await holdTheWriteLock(holder);
    const count = await writer.$transaction(async (tx) => {
      const [row] = await tx.$queryRawUnsafe<{ n: number | bigint }[]>("SELECT count(*) AS n FROM t");
      await tx.$executeRawUnsafe("INSERT INTO t (v) VALUES ('counted')");
      return Number(row!.n);
    });
    await holding;
    // It began after the holder's commit, so it saw the holder's row.
    expect(count).toBe(2);
    const rows = await holder.$queryRawUnsafe<{ v: string }[]>("SELECT v FROM t ORDER BY id");
    expect(rows.map((row) => row.v)).toEqual(["before", "holder", "counted"]);
  });
});
