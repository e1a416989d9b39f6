/** Lines of a backfill's bulk-operation JSONL to the app's records (pure). */
import { z } from "zod";
import { normalDiscountCodes } from "../domain/discount-codes.ts";
import type { CustomerRecord, OrderRecord, RefundRecord } from "../domain/order.ts";
import { TerminalError } from "../shopify/errors.ts";
import { toMinorUnits } from "../utils/money.ts";

const money = z.object({ amount: z.string(), currencyCode: z.string().length(3) });
const refundNode = z.object({
  id: z.string().startsWith("gid://shopify/Refund/"),
  createdAt: z.string(),
  totalRefundedSet: z.object({ shopMoney: money }),
  __parentId: z.string().optional(),
});
const orderNode = z.object({
  id: z.string().startsWith("gid://shopify/Order/"),
  createdAt: z.string(),
  updatedAt: z.string(),
  processedAt: z.string().nullish(),
  cancelledAt: z.string().nullish(),
  test: z.boolean(),
  presentmentCurrencyCode: z.string().length(3),
  customer: z.object({ id: z.string() }).nullish(),
  totalPriceSet: z.object({ shopMoney: money, presentmentMoney: money }),
  discountCodes: z.array(z.string()).default([]),
  refunds: z.array(refundNode).default([]),
});
const customerNode = z.object({
  id: z.string().startsWith("gid://shopify/Customer/"),
  createdAt: z.string().nullish(),
  updatedAt: z.string().nullish(),
});

/** A line of a bulk result the app cannot read: terminal, reading it again gives the same line. */
export class BulkLineError extends TerminalError {}

export type BulkRecord =
  | { kind: "order"; order: OrderRecord; refunds: RefundRecord[] }
  | { kind: "refund"; refund: RefundRecord }
  | { kind: "customer"; customer: CustomerRecord };

function refundFrom(node: z.infer<typeof refundNode>, orderGid: string): RefundRecord {
  return {
    gid: node.id,
    orderGid,
    processedAt: new Date(node.createdAt),
    amount: node.totalRefundedSet.shopMoney.amount,
    currencyCode: node.totalRefundedSet.shopMoney.currencyCode,
  };
}

/**
 * One JSONL line to a record. With groupObjects: false a child line (`__parentId`) may come
 * before or after its parent, so each line stands alone. Throws, naming the line, on anything else.
 */
export function recordFromBulkLine(line: string, lineNumber: number): BulkRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new BulkLineError(`Bulk result line ${lineNumber} is not JSON`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new BulkLineError(`Bulk result line ${lineNumber} is not a JSON object`);
  }
  const json = parsed as { id?: unknown };
  const id = typeof json.id === "string" ? json.id : "";
  try {
    if (id.startsWith("gid://shopify/Order/")) {
      const node = orderNode.parse(json);
      const shop = node.totalPriceSet.shopMoney;
      const presentment = node.totalPriceSet.presentmentMoney;
      return {
        kind: "order",
        order: {
          gid: node.id,
          customerGid: node.customer?.id ?? null,
          createdAt: new Date(node.createdAt),
          processedAt: new Date(node.processedAt ?? node.createdAt),
          cancelledAt: node.cancelledAt ? new Date(node.cancelledAt) : null,
          test: node.test,
          currencyCode: shop.currencyCode,
          presentmentCurrencyCode: node.presentmentCurrencyCode,
          totalMinor: toMinorUnits(shop.amount, shop.currencyCode),
          presentmentTotalMinor: toMinorUnits(presentment.amount, presentment.currencyCode),
          discountCodes: normalDiscountCodes(node.discountCodes),
          sourceUpdatedAt: new Date(node.updatedAt),
        },
        refunds: node.refunds.map((r) => refundFrom(r, node.id)),
      };
    }
    if (id.startsWith("gid://shopify/Refund/")) {
      const node = refundNode.parse(json);
      if (!node.__parentId) throw new Error("refund without __parentId");
      return { kind: "refund", refund: refundFrom(node, node.__parentId) };
    }
    if (id.startsWith("gid://shopify/Customer/")) {
      const node = customerNode.parse(json);
      return {
        kind: "customer",
        customer: {
          gid: node.id,
          createdAt: node.createdAt ? new Date(node.createdAt) : null,
          updatedAt: node.updatedAt ? new Date(node.updatedAt) : null,
        },
      };
    }
  } catch (error) {
    const detail = error instanceof z.ZodError ? error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") : String((error as Error).message);
    throw new BulkLineError(`Bulk result line ${lineNumber} (${id}): ${detail}`);
  }
  throw new BulkLineError(`Bulk result line ${lineNumber} has an unexpected object "${id || "(no id)"}"`);
}
