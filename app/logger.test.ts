import { describe, expect, it } from "vitest";
import { createLogger, errorMessage } from "./logger.server.ts";

/** A pino destination that keeps each line, parsed. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  return {
    lines,
    raw,
    stream: {
      write(chunk: string) {
        for (const line of chunk.split("\n").filter(Boolean)) {
          raw.push(line);
          lines.push(JSON.parse(line) as Record<string, unknown>);
        }
      },
    },
  };
}

describe("logger", () => {
  it("writes one JSON line per call with level, ISO time, message and fields, and child binds its fields", () => {
    const out = capture();
    const log = createLogger(out.stream, { level: "debug" }).child({ shop: "a.myshopify.com", topic: "orders/create" });
    log.child({ webhookId: "w1" }).info("webhook stored", { attempts: 1 });
    expect(out.lines).toHaveLength(1);
    expect(out.lines[0]).toEqual({
      level: "info",
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      message: "webhook stored",
      shop: "a.myshopify.com",
      topic: "orders/create",
      webhookId: "w1",
      attempts: 1,
    });
  });

  it("drops what is below its level", () => {
    const out = capture();
    const log = createLogger(out.stream, { level: "warn" });
    log.debug("no");
    log.info("no");
    log.warn("yes");
    log.error("yes too");
    expect(out.lines.map((l) => [l.level, l.message])).toEqual([
      ["warn", "yes"],
      ["error", "yes too"],
    ]);
  });

  it("never writes personal data, in fields, nested objects or child bindings", () => {
    const out = capture();
    const log = createLogger(out.stream, { level: "debug" }).child({ shop: "a.myshopify.com", email: "bound@example.com" });
    log.warn("payload rejected", {
      customerId: "gid://shopify/Customer/1",
      email: "jane@example.com",
      first_name: "Jane",
      last_name: "Doe",
      phone: "+15555550100",
      customer: {
        id: 1,
        firstName: "Jane",
        default_address: { address1: "1 Main St", city: "Springfield" },
        contact: { email: "jane@example.com", name: "Jane Doe" },
      },
      billing_address: { address1: "1 Main St", zip: "12345" },
    });
    const [line] = out.raw;
    expect(line).toBeDefined();
    for (const personal of ["example.com", "Jane", "Doe", "5555550100", "Main St", "12345", "Springfield"]) {
      expect(line).not.toContain(personal);
    }
    for (const key of ["email", "first_name", "last_name", "firstName", "phone", "default_address", "billing_address", "name"]) {
      expect(line).not.toContain(`"${key}"`);
    }
    expect(out.lines[0]).toMatchObject({ shop: "a.myshopify.com", customerId: "gid://shopify/Customer/1", customer: { id: 1, contact: {} } });
  });
});

describe("errorMessage", () => {
  it("adds the cause's message", () => {
    expect(errorMessage(new Error("fetch failed", { cause: new Error("ECONNREFUSED") }))).toBe("fetch failed: ECONNREFUSED");
    expect(errorMessage("plain")).toBe("plain");
  });
});
