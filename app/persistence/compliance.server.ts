import { Prisma } from "@generated/prisma-sqlite";
import { db } from "../db.server.ts";

/**
 * customers/redact: deletes everything held about the shopper: the customer row, their scores
 * and segment history, the tags the app pushed to them, their orders and the listed ones, those
 * orders' refunds, data-request exports, and stored deliveries that mention any of them.
 */
export async function redactCustomer(shop: string, customerGid: string, orderGids: readonly string[]): Promise<void> {
  const owned = await db.order.findMany({ where: { shop, customerGid }, select: { gid: true } });
  const gids = [...new Set([...orderGids, ...owned.map((o) => o.gid)])];
  const subjects = [customerGid, ...gids];
  await db.$transaction([
    // Remembered (GIDs only), so that deliveries and imports already on their way cannot restore them.
    db.redactedSubject.deleteMany({ where: { shop, gid: { in: subjects } } }),
    db.redactedSubject.createMany({ data: subjects.map((gid) => ({ shop, gid, redactedAt: new Date() })) }),
    db.refund.deleteMany({ where: { shop, orderGid: { in: gids } } }),
    db.order.deleteMany({ where: { shop, gid: { in: gids } } }),
    db.customer.deleteMany({ where: { shop, gid: customerGid } }),
    db.customerScore.deleteMany({ where: { shop, customerGid } }),
    db.customerSegmentChange.deleteMany({ where: { shop, customerGid } }),
    db.dataRequest.deleteMany({ where: { shop, customerGid } }),
    db.pushedState.deleteMany({ where: { shop, customerGid } }),
    db.loyaltyOffer.deleteMany({ where: { shop, customerGid } }),
    db.loyaltyRedemption.deleteMany({ where: { shop, OR: [{ customerGid }, { orderGid: { in: gids } }] } }),
    db.loyaltyAlert.deleteMany({ where: { shop, customerGid } }),
    db.pushAudit.deleteMany({ where: { shop, customerGid } }),
    ...subjects.map((gid) => db.webhookEvent.deleteMany({ where: { shop, payload: { contains: JSON.stringify(gid) } } })),
  ]);
}

/** A model of the client's datamodel, as far as it is given at run time. */
interface DatamodelModel {
  readonly name: string;
  readonly fields: readonly { readonly name: string; readonly kind: string; readonly type: string }[];
}

/**
 * Models that hold a shop's data under a field other than `shop`: the field holding the shop's domain.
 */
const SHOP_KEY_FIELDS: Readonly<Record<string, string>> = { Shop: "domain" };

/**
 * Models that hold nothing of any one shop, each with the reason. Empty today; a model that has no `shop` field
 * and is in neither list makes this module refuse to load, so that a new table cannot be forgotten by shop/redact.
 */
const SHOPLESS_MODELS: Readonly<Record<string, string>> = {};

export interface ShopRedactionStep {
  readonly model: string;
  /** The field whose value is the shop's domain. */
  readonly field: string;
}

/**
 * What shop/redact deletes, derived from the data model: every model with a `shop` field, by that field (Session
 * included; on Job the field is optional, and jobs not for a shop hold nothing of it), and the models of
 * SHOP_KEY_FIELDS by their field (Shop by `domain`). Throws on a model that is in none of these.
 * On PostgreSQL, pg-boss keeps the jobs in a schema of its own, outside the data model: the shop/redact handler
 * deletes them through the job module (`jobs.forgetShop`).
 */
export function shopRedactionPlan(models: readonly DatamodelModel[]): ShopRedactionStep[] {
  const plan: ShopRedactionStep[] = [];
  for (const model of models) {
    const field = SHOP_KEY_FIELDS[model.name] ?? (model.fields.some((f) => f.name === "shop") ? "shop" : undefined);
    if (field && !model.fields.some((f) => f.name === field && f.kind === "scalar" && f.type === "String")) {
      throw new Error(`shop/redact: model ${model.name} has no String field ${field}`);
    }
    if (field) plan.push({ model: model.name, field });
    else if (!(model.name in SHOPLESS_MODELS)) {
      throw new Error(
        `shop/redact: model ${model.name} has no shop field; say in app/persistence/compliance.server.ts how its rows of a shop are found (SHOP_KEY_FIELDS) or why it holds none (SHOPLESS_MODELS)`,
      );
    }
  }
  // No foreign keys between the models, so any order works; the shop itself goes last.
  return plan.sort((a, b) => Number(a.model === "Shop") - Number(b.model === "Shop"));
}

const SHOP_REDACTION = shopRedactionPlan(Prisma.dmmf.datamodel.models);

type DeleteMany = (args: { where: Record<string, unknown> }) => Prisma.PrismaPromise<Prisma.BatchPayload>;

/** The client's delegate of a model: `db.webhookEvent` for WebhookEvent. */
function deleteManyOf(model: string): DeleteMany {
  const delegate = (db as unknown as Record<string, { deleteMany: DeleteMany } | undefined>)[model.charAt(0).toLowerCase() + model.slice(1)];
  if (!delegate) throw new Error(`the Prisma client has no delegate for model ${model}`);
  return delegate.deleteMany.bind(delegate);
}

/**
 * shop/redact: deletes everything held about the shop, 48 hours after it uninstalled the app: its rows in every
 * model (shopRedactionPlan), in one transaction.
 */
export async function redactShop(shop: string): Promise<void> {
  await db.$transaction(SHOP_REDACTION.map(({ model, field }) => deleteManyOf(model)({ where: { [field]: shop } })));
}

export interface DataRequestInput {
  requestId: string;
  customerGid: string;
  orderGids: readonly string[];
}

/**
 * customers/data_request: writes an export of everything held about the shopper, which the
 * merchant downloads from the app. Money is given as decimal strings in the shop's currency.
 */
export async function exportCustomerData(shop: string, request: DataRequestInput): Promise<void> {
  const customer = await db.customer.findUnique({ where: { shop_gid: { shop, gid: request.customerGid } } });
  const orders = await db.order.findMany({
    where: { shop, OR: [{ customerGid: request.customerGid }, { gid: { in: [...request.orderGids] } }] },
    orderBy: { processedAt: "asc" },
  });
  const refunds = await db.refund.findMany({ where: { shop, orderGid: { in: orders.map((o) => o.gid) } } });
  const score = await db.customerScore.findUnique({ where: { shop_customerGid: { shop, customerGid: request.customerGid } } });
  const deliveries = await db.webhookEvent.findMany({
    where: { shop, payload: { contains: JSON.stringify(request.customerGid) } },
    orderBy: { id: "asc" },
    select: { topic: true, receivedAt: true, status: true, payload: true },
  });
  const segmentChanges = await db.customerSegmentChange.findMany({
    where: { shop, customerGid: request.customerGid },
    orderBy: { changedAt: "asc" },
  });
  const pushed = await db.pushedState.findUnique({ where: { shop_customerGid: { shop, customerGid: request.customerGid } } });
  const document = {
    shop,
    dataRequestId: request.requestId,
    customer: customer
      ? { id: customer.gid, createdAt: customer.shopifyCreatedAt, updatedAt: customer.shopifyUpdatedAt, deletedAt: customer.deletedAt }
      : { id: request.customerGid, held: false },
    orders: orders.map((o) => ({
      id: o.gid,
      createdAt: o.shopifyCreatedAt,
      processedAt: o.processedAt,
      cancelledAt: o.cancelledAt,
      test: o.test,
      currencyCode: o.currencyCode,
      presentmentCurrencyCode: o.presentmentCurrencyCode,
      presentmentTotalMinorUnits: o.presentmentTotalMinor.toString(),
      updatedAt: o.sourceUpdatedAt,
      totalMinorUnits: o.totalMinor.toString(),
      refundedMinorUnits: o.refundedMinor.toString(),
      netMinorUnits: o.netMinor.toString(),
      deletedAt: o.deletedAt,
      refunds: refunds
        .filter((r) => r.orderGid === o.gid)
        .map((r) => ({ id: r.gid, processedAt: r.processedAt, amount: r.amount, currencyCode: r.currencyCode ?? o.presentmentCurrencyCode })),
    })),
    scores: score ? { ...bigintsAsStrings(score), scoringRunId: undefined } : null,
    segmentChanges: segmentChanges.map((c) => ({ from: c.oldSegment, to: c.newSegment, changedAt: c.changedAt })),
    setByTheApp: pushed
      ? { tags: pushed.tags === "" ? [] : pushed.tags.split(","), metafields: JSON.parse(pushed.metafields) as unknown, pushedAt: pushed.pushedAt }
      : null,
    webhookDeliveries: deliveries.map((d) => ({ topic: d.topic, receivedAt: d.receivedAt, status: d.status, payload: JSON.parse(d.payload) as unknown })),
  };
  const body = JSON.stringify(document, null, 2);
  await db.dataRequest.upsert({
    where: { shop_requestId: { shop, requestId: request.requestId } },
    create: { shop, requestId: request.requestId, customerGid: request.customerGid, document: body },
    update: { document: body },
  });
}

/** Money columns are BigInt minor units; JSON carries them as strings. */
function bigintsAsStrings<T extends object>(row: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === "bigint" ? value.toString() : value]));
}
