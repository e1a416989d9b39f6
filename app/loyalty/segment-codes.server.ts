/**
 * The shared code of each per-segment rule, one per rule and period: a Shopify customer segment on the rule's offer
 * tag (created once, reused by later periods), and a discount limited to it. Each step is recorded as soon as
 * Shopify has taken it, so a push cut off between them carries on where it stopped; a segment whose creation was
 * answered but not recorded is found again by its name.
 */
import { knownSegmentGid, recordSegmentCode, runningSegmentCode, updateSegmentCode, type StoredSegmentCode } from "../persistence/loyalty-push.server.ts";
import { adminGraphql } from "../shopify/admin-graphql.server.ts";
import { TerminalError } from "../shopify/errors.ts";
import type { AdminClient } from "../shopify.server.ts";
import { perSegmentDiscount } from "./discount-input.ts";
import { CodeDiscountNodeByCode, type CodeDiscountNodeByCodeData } from "./graphql/CodeDiscountNodeByCodeQuery.ts";
import { DiscountCodeBasicCreate, type DiscountCodeBasicCreateData } from "./graphql/DiscountCodeBasicCreateMutation.ts";
import { SegmentCreate, type SegmentCreateData } from "./graphql/SegmentCreateMutation.ts";
import { SegmentsByName, type SegmentsByNameData } from "./graphql/SegmentsByNameQuery.ts";
import { newOfferCode, offerSegmentName, offerTag, taggedSegmentQuery } from "./offers.ts";
import type { LoyaltyRules } from "./rules.ts";

const MS_PER_DAY = 86_400_000;

interface SegmentCodeRun {
  readonly now: Date;
  readonly random: (bytes: Uint8Array) => Uint8Array;
  readonly admin: () => Promise<AdminClient>;
  readonly audit: { add(action: string, customerGid: string | null, detail: unknown, result: string): void };
  readonly counts: { mutations: number };
}

/** Each enabled per-segment rule's running shared code (created in Shopify), by rule id. */
export async function runningSegmentCodes(shop: string, rules: LoyaltyRules, run: SegmentCodeRun): Promise<Map<string, StoredSegmentCode>> {
  const codes = new Map<string, StoredSegmentCode>();
  for (const rule of rules.rules) {
    if (!rule.enabled || rule.offer?.codes !== "per-segment") continue;
    let code = await runningSegmentCode(shop, rule.id, run.now);
    code ??= await recordSegmentCode(shop, {
      ruleId: rule.id,
      code: newOfferCode(rules.tagPrefix, rule.id, run.random),
      createdAt: run.now,
      endsAt: new Date(run.now.getTime() + rule.offer.validDays * MS_PER_DAY),
    });
    if (code.status !== "created") code = await createSharedCode(shop, code, { prefix: rules.tagPrefix, tag: rule.tag, percentOff: rule.offer.percentOff }, run);
    codes.set(rule.id, code);
  }
  return codes;
}

async function createSharedCode(
  shop: string,
  code: StoredSegmentCode,
  rule: { prefix: string; tag: string; percentOff: number },
  run: SegmentCodeRun,
): Promise<StoredSegmentCode> {
  const admin = await run.admin();
  const segmentGid = code.segmentGid ?? (await knownSegmentGid(shop, code.ruleId)) ?? (await createSegment(admin, rule, run));
  if (code.segmentGid === null) await updateSegmentCode(code.id, { segmentGid });
  const discount = perSegmentDiscount({ code: code.code, ruleId: code.ruleId, percentOff: rule.percentOff, startsAt: run.now, endsAt: code.endsAt, segmentGid });
  run.counts.mutations++;
  const data = await adminGraphql<DiscountCodeBasicCreateData>(admin, DiscountCodeBasicCreate, { discount });
  let discountGid = data.discountCodeBasicCreate?.codeDiscountNode?.id;
  const errors = data.discountCodeBasicCreate?.userErrors ?? [];
  if (!discountGid && errors.some((e) => e.code === "TAKEN")) {
    // Created by a try cut short before it was recorded: the app's own if it carries the app's title.
    const found = (await adminGraphql<CodeDiscountNodeByCodeData>(admin, CodeDiscountNodeByCode, { code: code.code })).codeDiscountNodeByCode;
    if (found && "title" in found.codeDiscount && found.codeDiscount.title === discount.title) discountGid = found.id;
  }
  const detail = { ruleId: code.ruleId, code: code.code, segment: segmentGid, endsAt: code.endsAt.toISOString() };
  if (!discountGid) {
    const reason = errors.map((e) => `${(e.field ?? []).join(".")}: ${e.message}`).join("; ") || "no discount in the answer";
    run.audit.add("discount-create", null, detail, `refused: ${reason}`);
    throw new TerminalError(`DiscountCodeBasicCreate for the ${code.ruleId} segment: ${reason}`);
  }
  await updateSegmentCode(code.id, { status: "created", discountGid });
  run.audit.add("discount-create", null, detail, "ok");
  return { ...code, segmentGid, status: "created", discountGid };
}

async function createSegment(admin: AdminClient, rule: { prefix: string; tag: string }, run: SegmentCodeRun): Promise<string> {
  const name = offerSegmentName(rule.prefix, rule.tag);
  const query = taggedSegmentQuery(offerTag(rule.prefix, rule.tag));
  run.counts.mutations++;
  const data = await adminGraphql<SegmentCreateData>(admin, SegmentCreate, { name, query });
  const created = data.segmentCreate?.segment?.id;
  if (created) {
    run.audit.add("segment-create", null, { name, query }, "ok");
    return created;
  }
  const found = (await adminGraphql<SegmentsByNameData>(admin, SegmentsByName, { query: `name:'${name.replaceAll("'", "\\'")}'` })).segments.nodes.find(
    (segment) => segment.name === name,
  );
  if (found) return found.id;
  const reason = (data.segmentCreate?.userErrors ?? []).map((e) => e.message).join("; ") || "no segment in the answer";
  run.audit.add("segment-create", null, { name, query }, `refused: ${reason}`);
  throw new TerminalError(`SegmentCreate ${name}: ${reason}`);
}
