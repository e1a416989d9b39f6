/**
 * The push-loyalty job, run after every successful rescoring: makes the store match what the shop's rules want for
 * each scored shopper (intended-state.ts): the app's tags, its `$app` metafields, and one discount code at a time.
 *
 * Order of work, each step resumable:
 * 1. Bulk mutations a push cut off did not read are awaited and read (bulk-mutation.server.ts).
 * 2. Each per-segment rule's shared code for the period: its Shopify segment, then its discount.
 * 3. New offers are recorded (LoyaltyOffer), codes chosen, before Shopify is asked for them.
 * 4. The recorded per-shopper codes are created in Shopify; a code Shopify calls taken is checked to be the app's own.
 * 5. Early warnings (early-warnings.ts): each shopper's scores and tags against the last push's, recorded with the
 *    scores they were compared against; then the watched segments' sizes against the rescoring before. Alerts for
 *    Flow are sent by their own job (flow-alerts.server.ts).
 * 6. Tags and metafields: only what differs from the last push (PushedState), recorded once Shopify has taken it.
 *
 * Below `bulkAbove` calls of one mutation, each is one Admin API call, paced by the client wrapper; above, they run
 * as one bulk mutation. A push with nothing changed sends nothing; a push cut off anywhere is finished by the next
 * one without a second code for anyone, since codes are recorded before they are created.
 */
import { webcrypto } from "node:crypto";
import { sendFlowAlertsJob } from "../jobs/catalog.ts";
import { jobs } from "../jobs/queue.server.ts";
import type { JobContext } from "../jobs/types.ts";
import { logger } from "../logger.server.ts";
import { latestScoringOf, predictedClvAtPercentile, scoredShoppersPage, type ScoredShopper } from "../persistence/loyalty.server.ts";
import {
  markOffersCreated,
  pendingShopperOffers,
  pushedStatesOf,
  recordOffers,
  replaceOfferCode,
  runningOffersOf,
  savePushedStates,
  unfinishedBulkPushes,
  type NewOfferRow,
  type PushedShopperState,
  type StoredOffer,
} from "../persistence/loyalty-push.server.ts";
import { hasAlertsForFlow, recordScoresAndAlerts, segmentSizesAtRun, type AlertRow } from "../persistence/loyalty-alerts.server.ts";
import { recordPushAudit, type PushAuditRow } from "../persistence/push-audit.server.ts";
import { adminGraphql, type AdminGraphqlOptions } from "../shopify/admin-graphql.server.ts";
import { unauthenticated, type AdminClient } from "../shopify.server.ts";
import type { SegmentName } from "../scoring/types.ts";
import { awaitBulkMutation, finishUnfinishedBulkPushes, startBulkMutation, type BulkAction, type BulkLineResult } from "./bulk-mutation.server.ts";
import { perShopperDiscount } from "./discount-input.ts";
import { CodeDiscountNodeByCode, type CodeDiscountNodeByCodeData } from "./graphql/CodeDiscountNodeByCodeQuery.ts";
import { CustomerMetafieldsDelete, type CustomerMetafieldsDeleteData } from "./graphql/CustomerMetafieldsDeleteMutation.ts";
import { CustomerMetafieldsSet, type CustomerMetafieldsSetData } from "./graphql/CustomerMetafieldsSetMutation.ts";
import { CustomerTagsAdd, type CustomerTagsAddData } from "./graphql/CustomerTagsAddMutation.ts";
import { CustomerTagsRemove, type CustomerTagsRemoveData } from "./graphql/CustomerTagsRemoveMutation.ts";
import { DiscountCodeBasicCreate, type DiscountCodeBasicCreateData } from "./graphql/DiscountCodeBasicCreateMutation.ts";
import { isOverdue, segmentShrinkAlerts, shopperAlerts } from "./early-warnings.ts";
import { intendedState, type ShopperScores, type ShopScoreContext } from "./intended-state.ts";
import { intendedMetafields, metafieldChanges, type AppMetafieldKey, type MetafieldValues, type MetafieldWrite } from "./metafields.ts";
import { activeCode, newOfferCode, offerTag, offerToRecord } from "./offers.ts";
import type { Condition, LoyaltyRules } from "./rules.ts";
import { runningSegmentCodes } from "./segment-codes.server.ts";
import { loyaltyRulesOf } from "./settings.server.ts";
import { tagChanges } from "./tag-changes.ts";

const PAGE = 500;
const MS_PER_DAY = 86_400_000;
/** metafieldsSet takes at most 25 values per call; metafieldsDelete at most 250 identifiers (input arrays). */
const METAFIELDS_PER_SET = 25;
const METAFIELDS_PER_DELETE = 250;
const DEFAULT_BULK_ABOVE = 200;

export interface PushOptions {
  /** Above this many calls of one mutation, they run as one bulk mutation instead. */
  readonly bulkAbove?: number;
  /** Shoppers per metafieldsSet call: as many whole shoppers as fit in 25 values (the default), or one. */
  readonly shoppersPerMetafieldsCall?: "packed" | 1;
  /** Random bytes for new codes. */
  readonly random?: (bytes: Uint8Array) => Uint8Array;
  /** The bulk operation poll's first wait. */
  readonly pollMs?: number;
  /** For the push's own calls (codes, tags, metafields): tries, the timeout of each, the retry wait, pacing. */
  readonly graphql?: Pick<AdminGraphqlOptions, "tries" | "timeoutMs" | "sleep" | "pace">;
}

export interface PushResult {
  readonly shoppers: number;
  /** Shoppers whose tags or metafields were changed in the store. */
  readonly changed: number;
  /** Per-shopper codes created in Shopify. */
  readonly codesCreated: number;
  /** Admin API mutations sent, bulk operations counted once each. */
  readonly mutations: number;
  readonly bulkOperations: number;
  /** Early warnings raised by this push (none twice for the same rescoring). */
  readonly alerts: number;
}

/** One shopper's difference between the store and what the rules want. */
interface ShopperChange {
  readonly customerGid: string;
  readonly add: readonly string[];
  readonly remove: readonly string[];
  readonly tags: readonly string[];
  readonly set: readonly MetafieldWrite[];
  readonly clear: readonly AppMetafieldKey[];
  readonly metafields: MetafieldValues;
}

const defaultRandom = (bytes: Uint8Array) => webcrypto.getRandomValues(bytes);

export async function pushLoyalty({ shop }: { shop: string }, { now, signal }: Pick<JobContext, "now" | "signal">, options: PushOptions = {}): Promise<PushResult> {
  const log = logger.child({ shop });
  const at = now();
  const bulkAbove = options.bulkAbove ?? DEFAULT_BULK_ABOVE;
  const random = options.random ?? defaultRandom;
  const rules = await loyaltyRulesOf(shop);
  const context = await shopScoreContext(shop, rules);
  const scoring = await latestScoringOf(shop);
  const currency = scoring.currencyCode ?? "USD";
  let client: AdminClient | undefined;
  const admin = async () => (client ??= (await unauthenticated.admin(shop)).admin);
  const audit = new AuditTrail(shop, now);
  const graphql = options.graphql ?? {};
  const counts = { mutations: 0, bulkOperations: 0, codesCreated: 0 };
  const wait = { signal, ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }) };

  // 1. A push cut off while Shopify ran one of its bulk mutations: read what it did before anything else.
  if (await hasUnfinishedBulk(shop)) {
    await finishUnfinishedBulkPushes(await admin(), shop, (action, results) => applyBulkResults(shop, action, results, counts), wait);
  }

  // 2. The shared codes of per-segment rules, one per rule and period.
  const segmentCodes = await runningSegmentCodes(shop, rules, { now: at, random, admin, audit, counts });

  // 3. New offers, recorded with their codes before Shopify is asked.
  const ruleTags = new Map(rules.rules.map((rule) => [rule.id, rule.tag]));
  let shoppers = 0;
  for await (const page of scoredPages(shop)) {
    const running = await runningOffersOf(
      shop,
      page.map((row) => row.customerGid),
      at,
    );
    const rows: NewOfferRow[] = [];
    for (const row of page) {
      const offer = offerToRecord(intendedState(shopperScores(row, scoring.observationEnd), rules, context).offers, running.get(row.customerGid) ?? [], at);
      if (offer === null) continue;
      const base = { ...offer, customerGid: row.customerGid };
      if (offer.holdout) rows.push({ ...base, code: null, status: "control" });
      else if (offer.codes === "per-shopper") rows.push({ ...base, code: newOfferCode(rules.tagPrefix, offer.ruleId, random), status: "pending" });
      else {
        const shared = segmentCodes.get(offer.ruleId);
        if (shared) rows.push({ ...base, endsAt: shared.endsAt, code: shared.code, status: "created", discountGid: shared.discountGid });
      }
    }
    await recordOffers(shop, rows);
  }

  // 4. The per-shopper codes in Shopify.
  counts.codesCreated += await createPendingCodes(shop, { admin, audit, counts, graphql, bulkAbove, random, prefix: rules.tagPrefix, now, wait });

  // 5 and 6. Early warnings, and the tags and metafields that differ from the last push.
  const changes: ShopperChange[] = [];
  let alerts = 0;
  for await (const page of scoredPages(shop)) {
    const gids = page.map((row) => row.customerGid);
    const [pushed, running] = await Promise.all([pushedStatesOf(shop, gids), runningOffersOf(shop, gids, at)]);
    const scoresSeen: { customerGid: string; pAlive: number | null; overdue: boolean }[] = [];
    const raised: AlertRow[] = [];
    for (const row of page) {
      signal.throwIfAborted();
      shoppers++;
      const held = running.get(row.customerGid) ?? [];
      const scores = shopperScores(row, scoring.observationEnd);
      const tags = new Set(intendedState(scores, rules, context).tags);
      for (const offer of held) {
        if (offer.codes === "per-segment" && !offer.holdout) tags.add(offerTag(rules.tagPrefix, ruleTags.get(offer.ruleId) ?? offer.ruleId));
      }
      const previous: PushedShopperState = pushed.get(row.customerGid) ?? { tags: [], metafields: {}, pAlive: null, overdue: false };
      const metafields = intendedMetafields({ ...row, activeCode: activeCode(held, at) }, currency);
      const intendedTags = [...tags].sort();
      const overdue = isOverdue(scores, rules.alerts, context);
      if (scoring.runId !== null) {
        raised.push(...shopperAlerts(scores, pushed.has(row.customerGid) ? previous : null, { tags: intendedTags, overdue }, rules, context));
        if (!pushed.has(row.customerGid) || previous.pAlive !== row.pAlive || previous.overdue !== overdue) {
          scoresSeen.push({ customerGid: row.customerGid, pAlive: row.pAlive, overdue });
        }
      }
      // The app's own record stands for the store: what it pushed is there, unless the merchant took it off.
      const { add, remove } = tagChanges(previous.tags, previous.tags, intendedTags);
      const { set, clear } = metafieldChanges(previous.metafields, metafields);
      if (add.length + remove.length + set.length + clear.length === 0) continue;
      changes.push({ customerGid: row.customerGid, add, remove, tags: intendedTags, set, clear, metafields });
    }
    if (scoring.runId !== null) alerts += await recordScoresAndAlerts(shop, scoring.runId, scoresSeen, raised, { at, flow: rules.alerts.flow });
  }
  if (scoring.runId !== null) {
    const shrank = segmentShrinkAlerts(await segmentSizesAtRun(shop, scoring.runId), rules.alerts);
    alerts += await recordScoresAndAlerts(shop, scoring.runId, [], shrank, { at, flow: rules.alerts.flow });
  }
  if (alerts > 0) log.info("early warnings raised", { alerts });
  if (await hasAlertsForFlow(shop)) await jobs.send(sendFlowAlertsJob, { shop });
  await pushChanges(shop, changes, { admin, audit, counts, graphql, bulkAbove, wait, now, packed: options.shoppersPerMetafieldsCall !== 1 });
  await audit.flush();
  const result = { shoppers, changed: changes.length, ...counts, alerts };
  log.info("loyalty push done", result);
  return result;
}

async function* scoredPages(shop: string): AsyncGenerator<ScoredShopper[]> {
  for (let after: string | null = null; ; ) {
    const page = await scoredShoppersPage(shop, after, PAGE);
    if (page.length === 0) return;
    after = page.at(-1)!.customerGid;
    yield page;
  }
}

/** What the steps share: the client (made on first use), the audit trail and the counts. */
interface PushRun {
  readonly admin: () => Promise<AdminClient>;
  readonly audit: AuditTrail;
  readonly counts: { mutations: number; bulkOperations: number; codesCreated: number };
}

interface SendRun extends PushRun {
  readonly graphql: NonNullable<PushOptions["graphql"]>;
  readonly bulkAbove: number;
  readonly now: () => Date;
  readonly wait: { readonly signal: AbortSignal; readonly pollMs?: number };
}

// ---- codes ----

async function createPendingCodes(shop: string, run: SendRun & { readonly random: (bytes: Uint8Array) => Uint8Array; readonly prefix: string }): Promise<number> {
  const pending: StoredOffer[] = [];
  for (let after = 0; ; ) {
    const page = await pendingShopperOffers(shop, after, PAGE);
    if (page.length === 0) break;
    after = page.at(-1)!.id;
    pending.push(...page);
  }
  if (pending.length === 0) return 0;
  const startsAt = run.now();
  const input = (offer: StoredOffer) =>
    perShopperDiscount({
      code: offer.code!,
      ruleId: offer.ruleId,
      percentOff: offer.percentOff,
      startsAt,
      endsAt: offer.endsAt,
      customerGid: offer.customerGid,
      offerId: offer.id,
    });
  const admin = await run.admin();
  if (pending.length > run.bulkAbove) {
    const results = await runBulk(
      shop,
      run,
      "discount-create",
      DiscountCodeBasicCreate,
      pending.map((offer) => ({ discount: input(offer) })),
    );
    const created = createdCodes(results);
    await markOffersCreated(shop, created);
    const done = new Set(created.map((each) => each.code));
    for (const offer of pending) {
      run.audit.add("discount-create", offer.customerGid, { code: offer.code, ruleId: offer.ruleId }, done.has(offer.code!) ? "ok" : "left for the next push");
    }
    // A line refused (a code taken, a shopper gone) stays pending and is retried one by one by the next push.
    return created.length;
  }
  let created = 0;
  for (const offer of pending) {
    run.wait.signal.throwIfAborted();
    if (await createOneCode(admin, shop, offer, input, run)) created++;
  }
  return created;
}

/**
 * Creates one shopper's discount. When Shopify calls the code taken, it is the app's own from a try cut short
 * (the title names the offer) or, very unlikely, another discount's: then the offer gets a new code, tried next push.
 */
async function createOneCode(
  admin: AdminClient,
  shop: string,
  offer: StoredOffer,
  input: (offer: StoredOffer) => ReturnType<typeof perShopperDiscount>,
  run: SendRun & { readonly random: (bytes: Uint8Array) => Uint8Array; readonly prefix: string },
): Promise<boolean> {
  const discount = input(offer);
  run.counts.mutations++;
  const data = await adminGraphql<DiscountCodeBasicCreateData>(admin, DiscountCodeBasicCreate, { discount }, run.graphql);
  const node = data.discountCodeBasicCreate?.codeDiscountNode;
  const errors = data.discountCodeBasicCreate?.userErrors ?? [];
  const detail = { code: offer.code, ruleId: offer.ruleId, percentOff: offer.percentOff, endsAt: offer.endsAt.toISOString() };
  if (node) {
    await markOffersCreated(shop, [{ code: offer.code!, discountGid: node.id }]);
    run.audit.add("discount-create", offer.customerGid, detail, "ok");
    return true;
  }
  if (errors.some((error) => error.code === "TAKEN")) {
    const existing = await adminGraphql<CodeDiscountNodeByCodeData>(admin, CodeDiscountNodeByCode, { code: offer.code }, run.graphql);
    const found = existing.codeDiscountNodeByCode;
    if (found && "title" in found.codeDiscount && found.codeDiscount.title === discount.title) {
      await markOffersCreated(shop, [{ code: offer.code!, discountGid: found.id }]);
      run.audit.add("discount-create", offer.customerGid, detail, "ok (created by an earlier try)");
      return false;
    }
    await replaceOfferCode(offer.id, newOfferCode(run.prefix, offer.ruleId, run.random));
    run.audit.add("discount-create", offer.customerGid, detail, "code taken by another discount; a new code is tried next push");
    return false;
  }
  run.audit.add("discount-create", offer.customerGid, detail, `refused: ${errors.map((e) => `${(e.field ?? []).join(".")}: ${e.message}`).join("; ")}`);
  return false;
}

/** The codes a discount-create bulk run made, from its self-identifying result lines. */
function createdCodes(results: readonly BulkLineResult[]): { code: string; discountGid: string }[] {
  const created: { code: string; discountGid: string }[] = [];
  for (const { data } of results) {
    const node = (data?.discountCodeBasicCreate as DiscountCodeBasicCreateData["discountCodeBasicCreate"])?.codeDiscountNode;
    const code = node && "codes" in node.codeDiscount ? node.codeDiscount.codes.nodes[0]?.code : undefined;
    if (node && code) created.push({ code, discountGid: node.id });
  }
  return created;
}

/** Reads the results of a bulk mutation a push cut off: the codes it created are recorded; tags and metafields are compared again. */
async function applyBulkResults(shop: string, action: BulkAction, results: readonly BulkLineResult[], counts: PushRun["counts"]): Promise<void> {
  if (action === "discount-create") {
    const created = createdCodes(results);
    await markOffersCreated(shop, created);
    counts.codesCreated += created.length;
  }
}

async function hasUnfinishedBulk(shop: string): Promise<boolean> {
  return (await unfinishedBulkPushes(shop)).length > 0;
}

// ---- tags and metafields ----

async function pushChanges(shop: string, changes: readonly ShopperChange[], run: SendRun & { readonly packed: boolean }): Promise<void> {
  if (changes.length === 0) return;
  const admin = await run.admin();
  const at = run.now();

  // Tags: one tagsAdd and one tagsRemove per shopper that needs them.
  const adds = changes.filter((c) => c.add.length > 0);
  const removes = changes.filter((c) => c.remove.length > 0);
  const tagsDone = new Set(changes.filter((c) => c.add.length + c.remove.length === 0).map((c) => c.customerGid));
  const failed = new Set<string>();
  for (const [action, list, document, field] of [
    ["tags-add", adds, CustomerTagsAdd, "tagsAdd"],
    ["tags-remove", removes, CustomerTagsRemove, "tagsRemove"],
  ] as const) {
    const tagsOf = (c: ShopperChange) => (action === "tags-add" ? c.add : c.remove);
    if (list.length > run.bulkAbove) {
      const results = await runBulk(
        shop,
        run,
        action,
        document,
        list.map((c) => ({ id: c.customerGid, tags: tagsOf(c) })),
      );
      const ok = okLines(results, field);
      list.forEach((c, line) => {
        if (!ok.has(line)) failed.add(c.customerGid);
        run.audit.add(action, c.customerGid, { tags: tagsOf(c) }, ok.has(line) ? "ok" : lineError(results, line, field));
      });
    } else {
      for (const c of list) {
        run.wait.signal.throwIfAborted();
        run.counts.mutations++;
        const data = await adminGraphql<CustomerTagsAddData & CustomerTagsRemoveData>(admin, document, { id: c.customerGid, tags: tagsOf(c) }, run.graphql);
        const errors = (field === "tagsAdd" ? data.tagsAdd : data.tagsRemove)?.userErrors ?? [];
        if (errors.length > 0) failed.add(c.customerGid);
        run.audit.add(action, c.customerGid, { tags: tagsOf(c) }, errors.length === 0 ? "ok" : refusal(errors));
        if (action === "tags-remove" || c.remove.length === 0) {
          // Recorded as soon as the shopper's tags are all in, so that a push cut off resends only the rest.
          if (!failed.has(c.customerGid)) await savePushedStates(shop, [{ customerGid: c.customerGid, tags: c.tags }], at);
          tagsDone.add(c.customerGid);
        }
      }
    }
  }
  const bulkTagged = changes.filter((c) => c.add.length + c.remove.length > 0 && !tagsDone.has(c.customerGid) && !failed.has(c.customerGid));
  for (let i = 0; i < bulkTagged.length; i += PAGE) {
    await savePushedStates(
      shop,
      bulkTagged.slice(i, i + PAGE).map((c) => ({ customerGid: c.customerGid, tags: c.tags })),
      at,
    );
  }

  // Metafields: whole shoppers packed into calls of at most 25 values; the clears in calls of at most 250.
  const sets = packShoppers(
    changes.filter((c) => c.set.length > 0),
    (c) => c.set.length,
    run.packed ? METAFIELDS_PER_SET : 1,
    !run.packed,
  );
  const setVariables = sets.map((group) => ({
    metafields: group.flatMap((c) => c.set.map((write) => ({ ownerId: c.customerGid, namespace: "$app", key: write.key, type: write.type, value: write.value }))),
  }));
  const setOk = await sendCalls(shop, run, "metafields-set", CustomerMetafieldsSet, "metafieldsSet", setVariables, sets);
  const clears = packShoppers(
    changes.filter((c) => c.clear.length > 0),
    (c) => c.clear.length,
    METAFIELDS_PER_DELETE,
    false,
  );
  const clearVariables = clears.map((group) => ({
    metafields: group.flatMap((c) => c.clear.map((key) => ({ ownerId: c.customerGid, namespace: "$app", key }))),
  }));
  const clearOk = await sendCalls(shop, run, "metafields-delete", CustomerMetafieldsDelete, "metafieldsDelete", clearVariables, clears);
  const written = changes.filter(
    (c) => (c.set.length > 0 || c.clear.length > 0) && (c.set.length === 0 || setOk.has(c.customerGid)) && (c.clear.length === 0 || clearOk.has(c.customerGid)),
  );
  for (let i = 0; i < written.length; i += PAGE) {
    await savePushedStates(
      shop,
      written.slice(i, i + PAGE).map((c) => ({ customerGid: c.customerGid, metafields: c.metafields })),
      at,
    );
  }
}

/** Groups whole shoppers so that each group's values fit one call. */
function packShoppers(list: readonly ShopperChange[], size: (c: ShopperChange) => number, limit: number, oneEach: boolean): ShopperChange[][] {
  const groups: ShopperChange[][] = [];
  let current: ShopperChange[] = [];
  let used = 0;
  for (const change of list) {
    const n = size(change);
    if (current.length > 0 && (oneEach || used + n > limit)) {
      groups.push(current);
      current = [];
      used = 0;
    }
    current.push(change);
    used += n;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** Sends metafield calls (one by one, or as one bulk mutation above the threshold); returns the shoppers Shopify took. */
async function sendCalls(
  shop: string,
  run: SendRun,
  action: BulkAction,
  document: string,
  field: "metafieldsSet" | "metafieldsDelete",
  variables: readonly { metafields: unknown[] }[],
  groups: readonly ShopperChange[][],
): Promise<Set<string>> {
  const ok = new Set<string>();
  if (variables.length === 0) return ok;
  const detailOf = (c: ShopperChange) => (action === "metafields-set" ? { set: Object.fromEntries(c.set.map((w) => [w.key, w.value])) } : { clear: c.clear });
  if (variables.length > run.bulkAbove) {
    const results = await runBulk(shop, run, action, document, variables);
    const lines = okLines(results, field);
    groups.forEach((group, line) => {
      for (const c of group) {
        if (lines.has(line)) ok.add(c.customerGid);
        run.audit.add(action, c.customerGid, detailOf(c), lines.has(line) ? "ok" : lineError(results, line, field));
      }
    });
    return ok;
  }
  const admin = await run.admin();
  for (const [i, vars] of variables.entries()) {
    run.wait.signal.throwIfAborted();
    run.counts.mutations++;
    const data = await adminGraphql<CustomerMetafieldsSetData & CustomerMetafieldsDeleteData>(admin, document, vars, run.graphql);
    const errors = (field === "metafieldsSet" ? data.metafieldsSet : data.metafieldsDelete)?.userErrors ?? [];
    for (const c of groups[i]!) {
      if (errors.length === 0) ok.add(c.customerGid);
      run.audit.add(action, c.customerGid, detailOf(c), errors.length === 0 ? "ok" : refusal(errors));
    }
  }
  return ok;
}

async function runBulk(shop: string, run: SendRun, action: BulkAction, mutation: string, variables: readonly unknown[]): Promise<BulkLineResult[]> {
  const admin = await run.admin();
  const id = await startBulkMutation(admin, shop, { action, mutation, variables, now: run.now() });
  run.counts.bulkOperations++;
  run.audit.add("bulk-mutation", null, { action, lines: variables.length, bulkOperation: id }, "started");
  return awaitBulkMutation(admin, shop, id, run.wait);
}

/** The line numbers whose mutation answered without userErrors. */
function okLines(results: readonly BulkLineResult[], field: string): Set<number> {
  const ok = new Set<number>();
  for (const { line, data, errors } of results) {
    const payload = data?.[field] as { userErrors?: unknown[] } | null | undefined;
    if (errors.length === 0 && payload && (payload.userErrors ?? []).length === 0) ok.add(line);
  }
  return ok;
}

function lineError(results: readonly BulkLineResult[], line: number, field: string): string {
  const result = results.find((r) => r.line === line);
  if (!result) return "not run (the bulk operation stopped first); sent again next push";
  if (result.errors.length > 0) return `failed: ${result.errors.map((e) => e.message).join("; ")}`;
  return refusal(((result.data?.[field] as { userErrors?: { field?: string[] | null; message: string }[] }) ?? {}).userErrors ?? []);
}

function refusal(errors: readonly { field?: readonly string[] | null; message: string }[]): string {
  return `refused: ${errors.map((e) => `${(e.field ?? []).join(".") || "(input)"}: ${e.message}`).join("; ")}`;
}

// ---- scores and audit ----

/** The shopper's scores as the rules read them; days since the last order count to the run's observation end. */
function shopperScores(row: ScoredShopper, observationEnd: string | null): ShopperScores {
  const endDay = Math.floor((observationEnd === null ? row.scoredAt.getTime() : Date.parse(`${observationEnd}T00:00:00Z`)) / MS_PER_DAY);
  const lastDay = row.lastPurchaseOn === null ? null : Math.floor(Date.parse(`${row.lastPurchaseOn}T00:00:00Z`) / MS_PER_DAY);
  return {
    customerGid: row.customerGid,
    segment: row.segment as SegmentName,
    predictedClvMinor: row.predictedClvMinor,
    pAlive: row.pAlive,
    daysSinceLastOrder: lastDay === null ? null : Math.max(0, endDay - lastDay),
    expectedDaysBetweenOrders: row.expectedDaysBetweenPurchases,
  };
}

/** The shop's predicted-CLV percentiles that the rules ask about, read once per push. */
async function shopScoreContext(shop: string, rules: LoyaltyRules): Promise<ShopScoreContext> {
  const percentiles = new Set<number>();
  const collect = (condition: Condition): void => {
    if ("all" in condition) condition.all.forEach(collect);
    else if ("any" in condition) condition.any.forEach(collect);
    else if ("predictedClvPercentile" in condition) {
      const { atLeast, below } = condition.predictedClvPercentile;
      for (const p of [atLeast, below]) if (p !== undefined) percentiles.add(p);
    }
  };
  for (const rule of rules.rules) if (rule.enabled) collect(rule.when);
  percentiles.add(rules.alerts.minPredictedClvPercentile);
  const values = new Map<number, bigint | null>();
  for (const p of percentiles) values.set(p, await predictedClvAtPercentile(shop, p));
  // A shop with no predicted CLV at all: no threshold is met.
  return { predictedClvAtPercentile: (p) => values.get(p) ?? BigInt(Number.MAX_SAFE_INTEGER) };
}

/** The push's audit rows, written in batches (PushAudit, kept 90 days). */
export class AuditTrail {
  private rows: PushAuditRow[] = [];
  private written: Promise<void> = Promise.resolve();
  private readonly shop: string;
  private readonly now: () => Date;

  constructor(shop: string, now: () => Date) {
    this.shop = shop;
    this.now = now;
  }

  add(action: string, customerGid: string | null, detail: unknown, result: string): void {
    this.rows.push({ shop: this.shop, at: this.now(), action, customerGid, detail: JSON.stringify(detail), result });
    if (this.rows.length >= PAGE) this.write();
  }

  /** Writes what is collected; a failed write surfaces at the next flush. */
  async flush(): Promise<void> {
    this.write();
    await this.written;
  }

  private write(): void {
    const rows = this.rows;
    this.rows = [];
    if (rows.length > 0) this.written = this.written.then(() => recordPushAudit(rows));
  }
}
