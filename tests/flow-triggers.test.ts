import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { flowTriggerFor, FLOW_TRIGGER_HANDLES, type FlowAlert } from "../app/loyalty/flow-triggers.ts";
import { checkFlowPayload, FLOW_PAYLOAD_LIMIT_BYTES, flowTriggersFromToml, flowTriggersIn } from "../simulator/flow/triggers.ts";

const declared = new Map(flowTriggersIn(resolve(import.meta.dirname, "../extensions")).map((t) => [t.handle, t]));
const known = (id: number) => id === 42;

const alert = (kind: string, overrides: Partial<FlowAlert> = {}): FlowAlert => ({
  kind,
  customerGid: "gid://shopify/Customer/42",
  segment: "Needs attention",
  detail: { pAlive: 0.31, before: 50, after: 35, share: 0.3 },
  ...overrides,
});

describe("the app's Flow triggers (extensions/flow-*)", () => {
  test("declare the three handles the app sends", () => {
    expect([...declared.keys()].sort()).toEqual(Object.values(FLOW_TRIGGER_HANDLES).sort());
  });

  test.each(["vip-lost", "at-risk", "overdue", "p-alive-drop", "segment-shrank"])("a %s alert's payload is one its trigger takes", (kind) => {
    const trigger = flowTriggerFor(alert(kind))!;
    expect(checkFlowPayload(declared, trigger.handle, trigger.payload, known)).toEqual({ ok: true });
  });

  test("the payloads carry the shopper's numeric id and the figures", () => {
    expect(flowTriggerFor(alert("overdue"))).toEqual({
      handle: "clv-crm-customer-at-risk",
      payload: { customer_id: 42, Reason: "overdue", "RFM group": "Needs attention", "Probability alive": 0.31 },
    });
    expect(flowTriggerFor(alert("segment-shrank", { customerGid: null, segment: "Champions" }))).toEqual({
      handle: "clv-crm-segment-shrank",
      payload: { "RFM group": "Champions", "Shoppers before": 50, "Shoppers now": 35, "Share lost": 0.3 },
    });
    expect(flowTriggerFor(alert("unknown-kind"))).toBeNull();
  });
});

describe("the simulator's check of a flowTriggerReceive payload", () => {
  const payload = { customer_id: 42, "RFM group": "Loyal", "Probability alive": 0.5 };

  test("refuses an unknown handle, a missing or mistyped field, a field not declared, an unknown customer", () => {
    expect(checkFlowPayload(declared, "no-such-trigger", payload, known)).toMatchObject({ ok: false, field: ["handle"] });
    expect(checkFlowPayload(declared, "clv-crm-vip-lost", { ...payload, customer_id: undefined }, known)).toMatchObject({
      ok: false,
      field: ["payload", "customer_id"],
    });
    expect(checkFlowPayload(declared, "clv-crm-vip-lost", { ...payload, "Probability alive": "high" }, known)).toMatchObject({
      ok: false,
      field: ["payload", "Probability alive"],
    });
    expect(checkFlowPayload(declared, "clv-crm-vip-lost", { ...payload, Extra: "x" }, known)).toMatchObject({ ok: false, field: ["payload", "Extra"] });
    expect(checkFlowPayload(declared, "clv-crm-vip-lost", { ...payload, customer_id: 7 }, known)).toMatchObject({ ok: false, message: "No customer has the id 7" });
    expect(checkFlowPayload(declared, "clv-crm-vip-lost", [payload], known)).toMatchObject({ ok: false, field: ["payload"] });
  });

  test("refuses a payload above 50 KB", () => {
    const big = { ...payload, "RFM group": "x".repeat(FLOW_PAYLOAD_LIMIT_BYTES) };
    expect(checkFlowPayload(declared, "clv-crm-vip-lost", big, known)).toMatchObject({ ok: false, field: ["payload"] });
  });

  test("refuses a trigger declaration Shopify would refuse", () => {
    const toml = (handle: string, key: string) =>
      `[[extensions]]\nname = "x"\ntype = "flow_trigger"\nhandle = "${handle}"\n[settings]\n[[settings.fields]]\ntype = "single_line_text_field"\nkey = "${key}"\n`;
    expect(flowTriggersFromToml(toml("ok-handle", "Fine key"))).toEqual([
      { handle: "ok-handle", name: "x", fields: [{ type: "single_line_text_field", key: "Fine key" }] },
    ]);
    expect(() => flowTriggersFromToml(toml("Bad_Handle", "Fine key"))).toThrow(/handle/);
    expect(() => flowTriggersFromToml(toml("ok-handle", "snake_case"))).toThrow(/only letters and spaces/);
  });
});
