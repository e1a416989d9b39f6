/** The alerts page: one shop's early warnings, filtered, with the names of the shoppers on screen. */
import { type AlertFilter, AlertFilterSchema, alertPage, markAlert } from "../persistence/alert-list.server.ts";
import { rowId } from "../utils/row-id.ts";
import type { AdminClient } from "../shopify.server.ts";
import { shopperNames } from "./shopper-names.server.ts";

export const ALERTS_PAGE_SIZE = 50;

export async function alertsPage(admin: AdminClient, shop: string, url: URL) {
  const parsed = AlertFilterSchema.safeParse(Object.fromEntries(url.searchParams));
  // A filter the page cannot read shows the open alerts, and says which parameters it did not take.
  const filter: AlertFilter = parsed.success ? parsed.data : { state: "open" };
  const invalidParams = parsed.success ? [] : [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? "")))].sort();
  const page = await alertPage(shop, filter, ALERTS_PAGE_SIZE);
  const gids = [...new Set(page.rows.flatMap((row) => (row.customerGid ? [row.customerGid] : [])))];
  const names = await shopperNames(admin, shop, gids);
  return { filter, invalidParams, ...page, names: Object.fromEntries(names) };
}

/** "Mark done" / "Reopen" from the page's form; a bad or foreign id is a 404. */
export async function alertAction(shop: string, form: FormData, now: Date): Promise<{ ok: boolean }> {
  const id = rowId(form.get("id"));
  if (id === null) return { ok: false };
  return { ok: await markAlert(shop, id, form.get("intent") === "done", now) };
}
