import { describe, expect, test } from "vitest";
import { parseCsv } from "../cli/csv.ts";
import { type AuditCsvRow, auditCsvChunks, auditCsvFilename, auditCsvStream } from "./audit-csv.ts";

const row = (overrides: Partial<AuditCsvRow> = {}): AuditCsvRow => ({
  at: new Date("2026-12-01T09:30:00.125Z"),
  action: "tags-add",
  customerGid: "gid://shopify/Customer/7",
  detail: '{"tags":["crm-vip"]}',
  result: "ok",
  ...overrides,
});

async function* pagesOf(...pages: AuditCsvRow[][]): AsyncGenerator<AuditCsvRow[]> {
  yield* pages;
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

describe("auditCsvChunks", () => {
  test("writes the header, then one chunk per page, each row a record", async () => {
    const chunks = await collect(
      auditCsvChunks(pagesOf([row(), row({ action: "metafields-set", detail: '{"segment":"loyal"}' })], [], [row({ customerGid: null, action: "segment-create" })])),
    );
    expect(chunks).toEqual([
      "at,action,customer_id,detail,result\r\n",
      '2026-12-01T09:30:00.125Z,tags-add,gid://shopify/Customer/7,"{""tags"":[""crm-vip""]}",ok\r\n' +
        '2026-12-01T09:30:00.125Z,metafields-set,gid://shopify/Customer/7,"{""segment"":""loyal""}",ok\r\n',
      '2026-12-01T09:30:00.125Z,segment-create,,"{""tags"":[""crm-vip""]}",ok\r\n',
    ]);
  });

  test("defuses a result that would run as a formula", async () => {
    const text = (await collect(auditCsvChunks(pagesOf([row({ result: '=HYPERLINK("http://evil.example","Access denied")' })])))).join("");
    expect(parseCsv(text)[1]?.fields[4]).toBe('\'=HYPERLINK("http://evil.example","Access denied")');
  });

  test("writes only the header for an empty log", async () => {
    expect(await collect(auditCsvChunks(pagesOf()))).toEqual(["at,action,customer_id,detail,result\r\n"]);
  });
});

describe("auditCsvStream", () => {
  test("is the chunks as UTF-8", async () => {
    const body = auditCsvStream(pagesOf([row({ result: "Zoë's code «VIP» ✓" })]));
    const text = await new Response(body).text();
    expect(parseCsv(text).map((r) => r.fields)).toEqual([
      ["at", "action", "customer_id", "detail", "result"],
      ["2026-12-01T09:30:00.125Z", "tags-add", "gid://shopify/Customer/7", '{"tags":["crm-vip"]}', "Zoë's code «VIP» ✓"],
    ]);
  });

  test("reads a page only when the reader asks for more, and stops reading when the download is cancelled", async () => {
    let pagesRead = 0;
    let closed = false;
    async function* pages(): AsyncGenerator<AuditCsvRow[]> {
      try {
        for (let i = 0; i < 1_000; i++) {
          pagesRead++;
          yield [row()];
        }
      } finally {
        closed = true;
      }
    }
    const reader = auditCsvStream(pages()).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("at,action,customer_id,detail,result\r\n");
    await reader.read();
    expect(pagesRead).toBeLessThanOrEqual(2);
    await reader.cancel();
    expect(closed).toBe(true);
    expect(pagesRead).toBeLessThanOrEqual(2);
  });
});

describe("auditCsvFilename", () => {
  test("names the shop's handle and the UTC date", () => {
    expect(auditCsvFilename("acme-store.myshopify.com", new Date("2026-12-03T23:59:59Z"))).toBe("push-audit-acme-store-2026-12-03.csv");
    expect(auditCsvFilename("we'ird\"shop.example", new Date("2026-01-02T00:00:00Z"))).toBe("push-audit-we-ird-shop.example-2026-01-02.csv");
  });
});
