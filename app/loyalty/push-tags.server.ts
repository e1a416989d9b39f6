import type { JobContext } from "../jobs/types.ts";
import { logger } from "../logger.server.ts";
import { predictedClvAtPercentile, pushedTagsOf, savePushedTags, scoredShoppersPage, type ScoredShopper } from "../persistence/loyalty.server.ts";
import { adminGraphql, assertNoUserErrors } from "../shopify/admin-graphql.server.ts";
import { unauthenticated, type AdminClient } from "../shopify.server.ts";
import type { SegmentName } from "../scoring/types.ts";
import { CustomerTagsAdd, type CustomerTagsAddData } from "./graphql/CustomerTagsAddMutation.ts";
import { CustomerTagsRemove, type CustomerTagsRemoveData } from "./graphql/CustomerTagsRemoveMutation.ts";
import { intendedState, type ShopperScores, type ShopScoreContext } from "./intended-state.ts";
import type { Condition, LoyaltyRules } from "./rules.ts";
import { loyaltyRulesOf } from "./settings.server.ts";
import { tagChanges } from "./tag-changes.ts";

const PAGE = 500;
const MS_PER_DAY = 86_400_000;

export interface TagPushResult {
  readonly shoppers: number;
  readonly changed: number;
}

/**
 * The push-loyalty-tags job: makes every scored shopper's app tags what the shop's rules want (intended-state.ts),
 * sending only the difference with what the app pushed last (tag-changes.ts). Resumable and idempotent: each
 * shopper's new tags are recorded once Shopify has taken them, so a push cut off midway is finished by the next one,
 * and a push with nothing changed sends no mutation.
 */
export async function pushLoyaltyTags({ shop }: { shop: string }, { now, signal }: Pick<JobContext, "now" | "signal">): Promise<TagPushResult> {
  const rules = await loyaltyRulesOf(shop);
  const context = await shopScoreContext(shop, rules);
  let admin: AdminClient | undefined;
  let shoppers = 0;
  let changed = 0;
  for (let after: string | null = null; ; ) {
    const page = await scoredShoppersPage(shop, after, PAGE);
    if (page.length === 0) break;
    after = page.at(-1)!.customerGid;
    const pushed = await pushedTagsOf(
      shop,
      page.map((row) => row.customerGid),
    );
    for (const row of page) {
      signal.throwIfAborted();
      shoppers++;
      const previous = pushed.get(row.customerGid) ?? [];
      const { tags } = intendedState(shopperScores(row), rules, context);
      // The app's own record stands for the store: what it pushed is there, unless the merchant took it off.
      const changes = tagChanges(previous, previous, tags);
      if (changes.add.length === 0 && changes.remove.length === 0) continue;
      admin ??= (await unauthenticated.admin(shop)).admin;
      if (changes.add.length > 0) {
        const data = await adminGraphql<CustomerTagsAddData>(admin, CustomerTagsAdd, { id: row.customerGid, tags: changes.add });
        assertNoUserErrors("CustomerTagsAdd", data.tagsAdd?.userErrors);
      }
      if (changes.remove.length > 0) {
        const data = await adminGraphql<CustomerTagsRemoveData>(admin, CustomerTagsRemove, { id: row.customerGid, tags: changes.remove });
        assertNoUserErrors("CustomerTagsRemove", data.tagsRemove?.userErrors);
      }
      await savePushedTags(shop, row.customerGid, tags, now());
      changed++;
    }
  }
  logger.child({ shop }).info("loyalty tags pushed", { shoppers, changed });
  return { shoppers, changed };
}

function shopperScores(row: ScoredShopper): ShopperScores {
  const scoredDay = Math.floor(row.scoredAt.getTime() / MS_PER_DAY);
  const lastDay = row.lastPurchaseOn === null ? null : Math.floor(Date.parse(`${row.lastPurchaseOn}T00:00:00Z`) / MS_PER_DAY);
  return {
    customerGid: row.customerGid,
    segment: row.segment as SegmentName,
    predictedClvMinor: row.predictedClvMinor,
    pAlive: row.pAlive,
    daysSinceLastOrder: lastDay === null ? null : Math.max(0, scoredDay - lastDay),
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
  const values = new Map<number, bigint | null>();
  for (const p of percentiles) values.set(p, await predictedClvAtPercentile(shop, p));
  // A shop with no predicted CLV at all: no threshold is met.
  return { predictedClvAtPercentile: (p) => values.get(p) ?? BigInt(Number.MAX_SAFE_INTEGER) };
}
