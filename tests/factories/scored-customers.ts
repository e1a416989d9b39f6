/** CustomerScore rows (and the app's pushed tags and offers) written straight to the database, for the admin's queries. */
import { db } from "../../app/db.server.ts";
import { SEGMENT_NAMES } from "../../app/scoring/types.ts";

export interface ScoredCustomer {
  customerGid: string;
  segment: string;
  rfmRecency: number | null;
  rfmFrequency: number | null;
  rfmMonetary: number | null;
  orderCount: number;
  lastPurchaseOn: string | null;
  historicClvMinor: bigint;
  predictedClvMinor: bigint | null;
  pAlive: number | null;
  expectedDaysBetweenPurchases: number | null;
}

/** A deterministic spread of shoppers: ties in every column, prospects without a prediction, and every segment. */
export function scoredCustomers(count: number, seed = 1): ScoredCustomer[] {
  let state = seed >>> 0 || 1;
  const next = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
  return Array.from({ length: count }, (_, i) => {
    const prospect = i % 7 === 6;
    const day = 1 + Math.floor(next() * 28);
    return {
      customerGid: `gid://shopify/Customer/${1000 + i}`,
      segment: prospect ? "Prospects" : SEGMENT_NAMES[i % (SEGMENT_NAMES.length - 1)]!,
      rfmRecency: prospect ? null : 1 + (i % 5),
      rfmFrequency: prospect ? null : 1 + ((i * 3) % 5),
      rfmMonetary: prospect ? null : 1 + ((i * 7) % 5),
      orderCount: prospect ? 0 : 1 + Math.floor(next() * 6),
      lastPurchaseOn: prospect ? null : `2026-0${1 + Math.floor(next() * 9)}-${String(day).padStart(2, "0")}`,
      historicClvMinor: prospect ? 0n : BigInt(Math.floor(next() * 20) * 1000),
      predictedClvMinor: prospect ? null : BigInt(Math.floor(next() * 15) * 1000),
      pAlive: prospect ? null : Math.floor(next() * 10) / 10,
      expectedDaysBetweenPurchases: prospect ? null : 20 + Math.floor(next() * 60),
    };
  });
}

export async function storeScoredCustomers(shop: string, rows: readonly ScoredCustomer[], scoredAt = new Date()): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db.customerScore.createMany({ data: rows.slice(i, i + 500).map((row) => ({ shop, scoringRunId: 1, scoredAt, ...row })) });
  }
}
