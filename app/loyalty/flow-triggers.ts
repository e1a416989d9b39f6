/**
 * The Shopify Flow trigger and payload for an early warning (pure). The handles and field keys are the ones declared
 * in extensions/flow-*\/shopify.extension.toml: keep them in step (the simulator checks every payload against them).
 */
import type { AlertKind } from "./early-warnings.ts";

export interface FlowAlert {
  readonly kind: string;
  readonly customerGid: string | null;
  readonly segment: string | null;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface FlowTrigger {
  readonly handle: string;
  readonly payload: Record<string, string | number>;
}

export const FLOW_TRIGGER_HANDLES = {
  vipLost: "clv-crm-vip-lost",
  customerAtRisk: "clv-crm-customer-at-risk",
  segmentShrank: "clv-crm-segment-shrank",
} as const;

const AT_RISK_REASONS: ReadonlySet<AlertKind> = new Set(["at-risk", "overdue", "p-alive-drop"]);

/** The trigger an alert starts, or null for a kind no trigger carries. */
export function flowTriggerFor(alert: FlowAlert): FlowTrigger | null {
  const number = (key: string) => (typeof alert.detail[key] === "number" ? (alert.detail[key] as number) : 0);
  if (alert.kind === "segment-shrank") {
    return {
      handle: FLOW_TRIGGER_HANDLES.segmentShrank,
      payload: { "RFM group": alert.segment ?? "", "Shoppers before": number("before"), "Shoppers now": number("after"), "Share lost": number("share") },
    };
  }
  const customerId = alert.customerGid === null ? null : legacyId(alert.customerGid);
  if (customerId === null) return null;
  const common = { customer_id: customerId, "RFM group": alert.segment ?? "", "Probability alive": number("pAlive") };
  if (alert.kind === "vip-lost") return { handle: FLOW_TRIGGER_HANDLES.vipLost, payload: common };
  if (AT_RISK_REASONS.has(alert.kind as AlertKind)) return { handle: FLOW_TRIGGER_HANDLES.customerAtRisk, payload: { ...common, Reason: alert.kind } };
  return null;
}

/** The numeric id Flow's customer reference takes, from a customer GID. */
function legacyId(gid: string): number | null {
  const match = /^gid:\/\/shopify\/Customer\/(\d+)$/.exec(gid);
  return match ? Number(match[1]) : null;
}
