/**
 * Everything the customer detail page shows of one shopper, from the database (the name alone from Shopify, for the
 * page): scores with their explanation, the orders and refunds, the history, what the app pushed, codes and alerts.
 */
import { db } from "../db.server.ts";
import { pAliveWithInterval, predictedClvWithInterval } from "../domain/score-intervals.ts";
import { latestScoringOf } from "../persistence/loyalty.server.ts";
import { segmentRulesOfRun } from "../persistence/rescoring.server.ts";
import type { AdminClient } from "../shopify.server.ts";
import { type SegmentExplanation, explainSegment } from "./segment-explanation.ts";
import { shopperNames } from "./shopper-names.server.ts";

/** The range of values behind each score 1–5 of one RFM dimension, as the shop's scored shoppers hold them. */
export interface CutPoints {
  recency: { score: number; fromDay: string; toDay: string }[];
  frequency: { score: number; min: number; max: number }[];
  monetary: { score: number; minMinor: string; maxMinor: string }[];
}

export interface CustomerDetail {
  gid: string;
  name: string | null;
  score: {
    segment: string;
    rfm: { r: number | null; f: number | null; m: number | null };
    orderCount: number;
    firstPurchaseOn: string | null;
    lastPurchaseOn: string | null;
    historicClvMinor: string;
    predictedClv: { minor: string; lowMinor: string | null; highMinor: string | null } | null;
    pAlive: { value: number; low: number | null; high: number | null } | null;
    expectedPurchases90: number | null;
    expectedNextPurchaseOn: string | null;
    expectedDaysBetweenPurchases: number | null;
    confidence: string | null;
    scoredAt: string;
  } | null;
  explanation: SegmentExplanation | null;
  cutPoints: CutPoints;
  observationEnd: string | null;
  orders: {
    gid: string;
    processedAt: string;
    totalMinor: string;
    refundedMinor: string;
    netMinor: string;
    cancelled: boolean;
    test: boolean;
    discountCodes: string[];
  }[];
  refunds: { gid: string; orderGid: string; processedAt: string; amount: string; currencyCode: string | null }[];
  segmentHistory: { changedAt: string; from: string | null; to: string }[];
  pushed: { tags: string[]; metafields: Record<string, string>; pushedAt: string } | null;
  offers: {
    id: number;
    ruleId: string;
    code: string | null;
    holdout: boolean;
    status: string;
    percentOff: number;
    offeredAt: string;
    endsAt: string;
    redeemedAt: string | null;
    active: boolean;
  }[];
  alerts: { id: number; kind: string; raisedAt: string; detail: Record<string, unknown>; doneAt: string | null }[];
}

async function cutPoints(shop: string): Promise<CutPoints> {
  const [recency, frequency, monetary] = await Promise.all([
    db.customerScore.groupBy({ by: ["rfmRecency"], where: { shop, rfmRecency: { not: null } }, _min: { lastPurchaseOn: true }, _max: { lastPurchaseOn: true } }),
    db.customerScore.groupBy({ by: ["rfmFrequency"], where: { shop, rfmFrequency: { not: null } }, _min: { orderCount: true }, _max: { orderCount: true } }),
    db.customerScore.groupBy({
      by: ["rfmMonetary"],
      where: { shop, rfmMonetary: { not: null } },
      _min: { historicClvMinor: true },
      _max: { historicClvMinor: true },
    }),
  ]);
  return {
    recency: recency
      .map((g) => ({ score: g.rfmRecency!, fromDay: g._min.lastPurchaseOn ?? "", toDay: g._max.lastPurchaseOn ?? "" }))
      .sort((a, b) => a.score - b.score),
    frequency: frequency.map((g) => ({ score: g.rfmFrequency!, min: g._min.orderCount ?? 0, max: g._max.orderCount ?? 0 })).sort((a, b) => a.score - b.score),
    monetary: monetary
      .map((g) => ({ score: g.rfmMonetary!, minMinor: String(g._min.historicClvMinor ?? 0), maxMinor: String(g._max.historicClvMinor ?? 0) }))
      .sort((a, b) => a.score - b.score),
  };
}

/** Null when the app holds nothing of this shopper for this shop (never scored, no order, or redacted). */
export async function customerDetail(admin: AdminClient, shop: string, gid: string, now: Date): Promise<CustomerDetail | null> {
  const [score, customer, orders, history, pushed, offers, alerts, cuts, scoring] = await Promise.all([
    db.customerScore.findUnique({ where: { shop_customerGid: { shop, customerGid: gid } } }),
    db.customer.findUnique({ where: { shop_gid: { shop, gid } }, select: { deletedAt: true } }),
    db.order.findMany({ where: { shop, customerGid: gid, deletedAt: null }, orderBy: { processedAt: "desc" }, take: 200 }),
    db.customerSegmentChange.findMany({ where: { shop, customerGid: gid }, orderBy: { changedAt: "asc" }, take: 500 }),
    db.pushedState.findUnique({ where: { shop_customerGid: { shop, customerGid: gid } } }),
    db.loyaltyOffer.findMany({ where: { shop, customerGid: gid }, orderBy: { offeredAt: "desc" }, take: 50 }),
    db.loyaltyAlert.findMany({ where: { shop, customerGid: gid }, orderBy: { raisedAt: "desc" }, take: 50 }),
    cutPoints(shop),
    latestScoringOf(shop),
  ]);
  if (!score && (!customer || customer.deletedAt) && orders.length === 0) return null;
  const refunds =
    orders.length === 0 ? [] : await db.refund.findMany({ where: { shop, orderGid: { in: orders.map((o) => o.gid) } }, orderBy: { processedAt: "desc" } });
  const [names, segmentRules] = await Promise.all([shopperNames(admin, shop, [gid]), score ? segmentRulesOfRun(shop, score.scoringRunId) : null]);
  const rfm = { r: score?.rfmRecency ?? null, f: score?.rfmFrequency ?? null, m: score?.rfmMonetary ?? null };
  return {
    gid,
    name: names.get(gid) ?? null,
    score: score && {
      segment: score.segment,
      rfm,
      orderCount: score.orderCount,
      firstPurchaseOn: score.firstPurchaseOn,
      lastPurchaseOn: score.lastPurchaseOn,
      historicClvMinor: String(score.historicClvMinor),
      predictedClv: predictedClvWithInterval(score),
      pAlive: pAliveWithInterval(score),
      expectedPurchases90: score.expectedPurchases90,
      expectedNextPurchaseOn: score.expectedNextPurchaseOn,
      expectedDaysBetweenPurchases: score.expectedDaysBetweenPurchases,
      confidence: score.confidence,
      scoredAt: score.scoredAt.toISOString(),
    },
    explanation: score ? explainSegment(rfm, score.segment, segmentRules ?? undefined) : null,
    cutPoints: cuts,
    observationEnd: scoring.observationEnd,
    orders: orders.map((o) => ({
      gid: o.gid,
      processedAt: o.processedAt.toISOString(),
      totalMinor: String(o.totalMinor),
      refundedMinor: String(o.refundedMinor),
      netMinor: String(o.netMinor),
      cancelled: o.cancelledAt !== null,
      test: o.test,
      discountCodes: o.discountCodes ? o.discountCodes.split(",") : [],
    })),
    refunds: refunds.map((r) => ({ gid: r.gid, orderGid: r.orderGid, processedAt: r.processedAt.toISOString(), amount: r.amount, currencyCode: r.currencyCode })),
    segmentHistory: history.map((h) => ({ changedAt: h.changedAt.toISOString(), from: h.oldSegment, to: h.newSegment })),
    pushed: pushed && {
      tags: pushed.tags ? pushed.tags.split(",") : [],
      metafields: JSON.parse(pushed.metafields) as Record<string, string>,
      pushedAt: pushed.pushedAt.toISOString(),
    },
    offers: offers.map((o) => ({
      id: o.id,
      ruleId: o.ruleId,
      code: o.code,
      holdout: o.holdout,
      status: o.status,
      percentOff: o.percentOff,
      offeredAt: o.offeredAt.toISOString(),
      endsAt: o.endsAt.toISOString(),
      redeemedAt: o.redeemedAt?.toISOString() ?? null,
      active: !o.holdout && o.status === "created" && o.endsAt > now && o.redeemedAt === null,
    })),
    alerts: alerts.map((a) => ({
      id: a.id,
      kind: a.kind,
      raisedAt: a.raisedAt.toISOString(),
      detail: JSON.parse(a.detail) as Record<string, unknown>,
      doneAt: a.doneAt?.toISOString() ?? null,
    })),
  };
}
