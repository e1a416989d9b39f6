import { findLoyaltyRulesJson, saveLoyaltyRulesJson } from "../persistence/loyalty.server.ts";
import { DEFAULT_LOYALTY_RULES, parseLoyaltyRules, type LoyaltyRules, type ParsedRules } from "./rules.ts";

/** The shop's loyalty rules: the ones it saved, or the defaults. Saved rules were valid when saved; they are checked again. */
export async function loyaltyRulesOf(shop: string): Promise<LoyaltyRules> {
  const saved = await findLoyaltyRulesJson(shop);
  if (saved === null) return DEFAULT_LOYALTY_RULES;
  const parsed = parseLoyaltyRules(JSON.parse(saved));
  if (!parsed.ok) throw new Error(`The saved loyalty rules of ${shop} no longer validate: ${parsed.errors.join("; ")}`);
  return parsed.rules;
}

/** Saves the merchant's rules when they are valid; otherwise saves nothing and says what is wrong, field by field. */
export async function saveLoyaltyRules(shop: string, input: unknown): Promise<ParsedRules> {
  const parsed = parseLoyaltyRules(input);
  if (parsed.ok) await saveLoyaltyRulesJson(shop, JSON.stringify(parsed.rules));
  return parsed;
}
