/**
 * The bare baseline of the webhooks benchmark (tests/bench/webhooks.ts): a plain node:http server that does only what
 * a webhook endpoint cannot skip. It reads the body, checks X-Shopify-Hmac-Sha256 (node:crypto, timingSafeEqual),
 * inserts the delivery into an inbox table like the app's (unique per shop and webhook id) and answers 200: 401 for a
 * wrong signature, nothing else checked, nothing applied. One insert per request, on @libsql/client (SQLite, WAL as
 * the app sets it) or a pg pool (PostgreSQL). Run as a child: DATABASE_URL, SHOPIFY_API_SECRET and PORT.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

const { DATABASE_URL: url, SHOPIFY_API_SECRET: secret, PORT: port } = process.env;
if (!url || !secret || !port) throw new Error("webhook-bare-server.ts needs DATABASE_URL, SHOPIFY_API_SECRET and PORT");

type Row = [shop: string, webhookId: string, topic: string, payload: string, receivedAt: string];
const TABLE = `CREATE TABLE IF NOT EXISTS "Inbox" (
  "id" %ID%, "shop" TEXT NOT NULL, "webhookId" TEXT NOT NULL, "topic" TEXT NOT NULL, "payload" TEXT NOT NULL,
  "receivedAt" TEXT NOT NULL, "status" TEXT NOT NULL DEFAULT 'pending', UNIQUE ("shop", "webhookId"))`;
const INSERT = `INSERT INTO "Inbox" ("shop", "webhookId", "topic", "payload", "receivedAt") VALUES (%PARAMS%) ON CONFLICT DO NOTHING`;

async function inbox(url: string): Promise<(row: Row) => Promise<unknown>> {
  if (url.startsWith("file:")) {
    const { createClient } = await import("@libsql/client");
    const client = createClient({ url });
    await client.execute("PRAGMA journal_mode = WAL");
    await client.execute(TABLE.replace("%ID%", "INTEGER PRIMARY KEY AUTOINCREMENT"));
    await client.execute(`CREATE INDEX IF NOT EXISTS "Inbox_status_id" ON "Inbox" ("status", "id")`);
    const sql = INSERT.replace("%PARAMS%", "?, ?, ?, ?, ?");
    return (row) => client.execute({ sql, args: row });
  }
  const pg = (await import("pg")).default;
  // pg's default pool (10 connections), as the app's Prisma adapter gets it.
  const pool = new pg.Pool({ connectionString: url });
  await pool.query(TABLE.replace("%ID%", "SERIAL PRIMARY KEY"));
  await pool.query(`CREATE INDEX IF NOT EXISTS "Inbox_status_id" ON "Inbox" ("status", "id")`);
  const sql = INSERT.replace("%PARAMS%", "$1, $2, $3, $4, $5");
  return (row) => pool.query(sql, row);
}

const insert = await inbox(url);
const header = (value: string | string[] | undefined) => (typeof value === "string" ? value : "");

const server = createServer((req, res) => {
  if (req.method !== "POST") {
    res.writeHead(405, { Allow: "POST" }).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    const expected = createHmac("sha256", secret).update(body).digest();
    const given = Buffer.from(header(req.headers["x-shopify-hmac-sha256"]), "base64");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.writeHead(401).end();
      return;
    }
    const row: Row = [
      header(req.headers["x-shopify-shop-domain"]),
      header(req.headers["x-shopify-webhook-id"]),
      header(req.headers["x-shopify-topic"]),
      body.toString("utf8"),
      new Date().toISOString(),
    ];
    insert(row).then(
      () => res.writeHead(200).end(),
      (error: unknown) => {
        console.error(error);
        res.writeHead(500).end();
      },
    );
  });
});
server.listen(Number(port), "127.0.0.1");
process.on("SIGTERM", () => process.exit(0));
