/**
 * What the loyalty push keeps between runs: the state it last gave each shopper in the store (PushedState), the
 * offers and codes it made (LoyaltyOffer, LoyaltySegmentCode), and the bulk mutations it has not read the results of
 * (LoyaltyBulkPush). The push decides in pure code (app/loyalty/) and records here only what Shopify has taken.
 */
import { db } from "../db.server.ts";
import { sqlDialect } from "./sql-dialect.server.ts";

// ---- the state pushed to each shopper ----

export interface PushedShopperState {
  readonly tags: readonly string[];
  readonly metafields: Readonly<Record<string, string>>;
  readonly pAlive: number | null;
  readonly overdue: boolean;
}

/** The state the app last pushed to each of these shoppers; a shopper it never pushed to is absent. */
export async function pushedStatesOf(shop: string, customerGids: readonly string[]): Promise<Map<string, PushedShopperState>> {
  const rows = await db.pushedState.findMany({ where: { shop, customerGid: { in: [...customerGids] } } });
  return new Map(
    rows.map((row) => [
      row.customerGid,
      {
        tags: row.tags === "" ? [] : row.tags.split(","),
        metafields: JSON.parse(row.metafields) as Record<string, string>,
        pAlive: row.pAlive,
        overdue: row.overdue,
      },
    ]),
  );
}

type PushedUpdate = { readonly customerGid: string } & (
  | { readonly tags: readonly string[] }
  | { readonly metafields: Readonly<Record<string, string>> }
  | { readonly pAlive: number | null; readonly overdue: boolean }
);

/** Records what Shopify has taken (tags, metafields) or the scores the next early warnings compare against, in one transaction. */
export async function savePushedStates(shop: string, updates: readonly PushedUpdate[], at: Date): Promise<void> {
  if (updates.length === 0) return;
  await db.$transaction(pushedStateWrites(shop, updates, at));
}

/** What each kind of update writes: its columns, their SQL types, and their values from the update. */
const PUSHED_COLUMNS = {
  tags: [["tags", "TEXT"]],
  metafields: [["metafields", "TEXT"]],
  pAlive: [
    ["pAlive", "DOUBLE PRECISION"],
    ["overdue", "BOOLEAN"],
  ],
} as const;

function pushedValues(update: PushedUpdate): (string | number | boolean | null)[] {
  if ("tags" in update) return [update.tags.join(",")];
  if ("metafields" in update) return [JSON.stringify(update.metafields)];
  return [update.pAlive, update.overdue];
}

/**
 * The statements that record these updates, for a transaction of the caller's: one upsert per kind of update, the
 * rows passed as one JSON array (as the rescoring writes its scores, customer-scores.server.ts), because Prisma's
 * upsert costs a query compilation per row and a push records tens of thousands.
 */
export function pushedStateWrites(shop: string, updates: readonly PushedUpdate[], at: Date) {
  const { param, jsonArray } = sqlDialect();
  return (Object.keys(PUSHED_COLUMNS) as (keyof typeof PUSHED_COLUMNS)[]).flatMap((kind) => {
    const rows = updates.filter((update) => kind in update);
    if (rows.length === 0) return [];
    const columns = PUSHED_COLUMNS[kind];
    const names = columns.map(([name]) => `"${name}"`).join(", ");
    const values = columns.map(([, type], i) => `CAST(value ->> ${i + 1} AS ${type})`).join(", ");
    const statement = `
      INSERT INTO "PushedState" ("shop", "pushedAt", "customerGid", ${names})
      SELECT ${param(1)}, ${param(2)}, CAST(value ->> 0 AS TEXT), ${values} FROM ${jsonArray(param(3))} WHERE true
      ON CONFLICT ("shop", "customerGid") DO UPDATE SET "pushedAt" = excluded."pushedAt", ${columns.map(([name]) => `"${name}" = excluded."${name}"`).join(", ")}`;
    const json = JSON.stringify(rows.map((update) => [update.customerGid, ...pushedValues(update)]));
    return [db.$executeRawUnsafe(statement, shop, at, json)];
  });
}

// ---- offers ----

export interface StoredOffer {
  readonly id: number;
  readonly ruleId: string;
  readonly customerGid: string;
  readonly holdout: boolean;
  readonly percentOff: number;
  readonly offeredAt: Date;
  readonly endsAt: Date;
  readonly codes: "per-shopper" | "per-segment";
  readonly code: string | null;
  readonly status: "control" | "pending" | "created";
  readonly discountGid: string | null;
}

const OFFER_FIELDS = {
  id: true,
  ruleId: true,
  customerGid: true,
  holdout: true,
  percentOff: true,
  offeredAt: true,
  endsAt: true,
  codes: true,
  code: true,
  status: true,
  discountGid: true,
} as const;

/** Each shopper's offers that still run at `now` (codes and control places). */
export async function runningOffersOf(shop: string, customerGids: readonly string[], now: Date): Promise<Map<string, StoredOffer[]>> {
  const rows = (await db.loyaltyOffer.findMany({
    where: { shop, customerGid: { in: [...customerGids] }, endsAt: { gt: now } },
    select: OFFER_FIELDS,
  })) as StoredOffer[];
  const byShopper = new Map<string, StoredOffer[]>();
  for (const row of rows) byShopper.set(row.customerGid, [...(byShopper.get(row.customerGid) ?? []), row]);
  return byShopper;
}

export type NewOfferRow = Omit<StoredOffer, "id" | "discountGid"> & { readonly discountGid?: string | null };

/** Records offers before Shopify is asked for their codes, so that a push cut off after asking knows the code it chose. */
export async function recordOffers(shop: string, offers: readonly NewOfferRow[]): Promise<void> {
  if (offers.length === 0) return;
  await db.loyaltyOffer.createMany({ data: offers.map((offer) => ({ shop, ...offer })) });
}

/** The shop's per-shopper codes recorded but not yet known to be in Shopify, by id. */
export async function pendingShopperOffers(shop: string, afterId: number, limit: number): Promise<StoredOffer[]> {
  return (await db.loyaltyOffer.findMany({
    where: { shop, status: "pending", codes: "per-shopper", id: { gt: afterId } },
    orderBy: { id: "asc" },
    take: limit,
    select: OFFER_FIELDS,
  })) as StoredOffer[];
}

/** Marks offers whose discount Shopify has created, by code (what a bulk result line names). */
export async function markOffersCreated(shop: string, created: readonly { readonly code: string; readonly discountGid: string }[]): Promise<void> {
  if (created.length === 0) return;
  await db.$transaction(
    created.map(({ code, discountGid }) => db.loyaltyOffer.updateMany({ where: { shop, code, status: "pending" }, data: { status: "created", discountGid } })),
  );
}

/** Gives a pending offer another code (its first was taken by a discount that is not the app's). */
export async function replaceOfferCode(id: number, code: string): Promise<void> {
  await db.loyaltyOffer.update({ where: { id }, data: { code } });
}

// ---- per-segment codes ----

export interface StoredSegmentCode {
  readonly id: number;
  readonly ruleId: string;
  readonly segmentGid: string | null;
  readonly code: string;
  readonly status: "pending" | "created";
  readonly discountGid: string | null;
  readonly endsAt: Date;
}

const SEGMENT_CODE_FIELDS = { id: true, ruleId: true, segmentGid: true, code: true, status: true, discountGid: true, endsAt: true } as const;

/** The rule's shared code that still runs at `now`, if any (the latest). */
export async function runningSegmentCode(shop: string, ruleId: string, now: Date): Promise<StoredSegmentCode | null> {
  return (await db.loyaltySegmentCode.findFirst({
    where: { shop, ruleId, endsAt: { gt: now } },
    orderBy: { endsAt: "desc" },
    select: SEGMENT_CODE_FIELDS,
  })) as StoredSegmentCode | null;
}

/** The Shopify segment an earlier code of the rule was limited to: the next period reuses it. */
export async function knownSegmentGid(shop: string, ruleId: string): Promise<string | null> {
  const row = await db.loyaltySegmentCode.findFirst({ where: { shop, ruleId, segmentGid: { not: null } }, orderBy: { id: "desc" }, select: { segmentGid: true } });
  return row?.segmentGid ?? null;
}

export async function recordSegmentCode(shop: string, row: { ruleId: string; code: string; createdAt: Date; endsAt: Date }): Promise<StoredSegmentCode> {
  return (await db.loyaltySegmentCode.create({ data: { shop, ...row, status: "pending" }, select: SEGMENT_CODE_FIELDS })) as StoredSegmentCode;
}

export async function updateSegmentCode(id: number, data: { segmentGid?: string; status?: "created"; discountGid?: string }): Promise<void> {
  await db.loyaltySegmentCode.update({ where: { id }, data });
}

// ---- bulk mutations not yet read ----

export async function recordBulkPush(row: { shop: string; bulkOperationGid: string; action: string; lines: number; startedAt: Date }): Promise<void> {
  await db.loyaltyBulkPush.create({ data: row });
}

export async function forgetBulkPush(shop: string, bulkOperationGid: string): Promise<void> {
  await db.loyaltyBulkPush.deleteMany({ where: { shop, bulkOperationGid } });
}

export async function unfinishedBulkPushes(shop: string): Promise<{ bulkOperationGid: string; action: string; lines: number }[]> {
  return db.loyaltyBulkPush.findMany({ where: { shop }, orderBy: { startedAt: "asc" }, select: { bulkOperationGid: true, action: true, lines: true } });
}
