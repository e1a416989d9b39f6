/**
 * The simulated admin's customers page (`/admin/<shop>/customers`): what an app pushed to the store, as a merchant
 * would look it up in Shopify admin: each customer's tags, the app's `$app` metafields and the discount codes limited
 * to them, and the Flow triggers the app sent. `?tag=` keeps the customers with that tag. Each row links to the
 * customer's details page (customer-details-page.ts).
 */
import type { SimShop } from "../store/shop.ts";
import { escapeHtml } from "./html.ts";

const SHOWN = 200;

export function customersPage(shop: SimShop & { readonly appNamespace: string }, tag: string | null, now: Date): string {
  const base = `/admin/${shop.domain.replace(/\.myshopify\.com$/, "")}`;
  const all = shop.customers();
  const matching = all.filter((customer) => (tag === null ? customer.tags.length > 0 : customer.tags.includes(tag)));
  const discounts = shop.discounts().filter((d) => d.endsAt === null || d.endsAt > now);
  const codesOf = (gid: string) =>
    discounts
      .filter((d) => d.context.kind === "customers" && d.context.customerGids.includes(gid))
      .flatMap((d) => d.codes.map((c) => `${c.code} (until ${d.endsAt?.toISOString().slice(0, 10) ?? "no end"})`));
  const tagCounts = new Map<string, number>();
  for (const customer of all) for (const each of customer.tags) tagCounts.set(each, (tagCounts.get(each) ?? 0) + 1);
  const tagLinks = [...tagCounts]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(
      ([name, count]) =>
        `<a href="${base}/customers?tag=${encodeURIComponent(name)}"${name === tag ? ' class="on"' : ""}>${escapeHtml(name)} <span>${count}</span></a>`,
    )
    .join(" ");
  const rows = matching
    .slice(0, SHOWN)
    .map((customer) => {
      const metafields = shop
        .metafields(customer.gid)
        .filter((m) => m.namespace === shop.appNamespace)
        .map((m) => `<div><code>${escapeHtml(m.key)}</code> ${escapeHtml(m.value)}</div>`)
        .join("");
      return `<tr><td><a href="${base}/customers/${customer.legacyId}">${customer.legacyId}</a></td><td>${customer.tags.map((t) => `<span class="tag">${escapeHtml(t)}</span>`).join(" ")}</td><td class="mf">${metafields}</td><td>${codesOf(customer.gid).map(escapeHtml).join("<br>")}</td></tr>`;
    })
    .join("\n");
  const flow = shop.flowTriggerRuns();
  const flowRows = flow
    .slice(-20)
    .reverse()
    .map(
      (run) =>
        `<tr><td>${run.receivedAt.toISOString().slice(0, 19).replace("T", " ")}</td><td>${escapeHtml(run.handle)}</td><td><code>${escapeHtml(JSON.stringify(run.payload))}</code></td></tr>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>Customers · ${escapeHtml(shop.name)} · Shopify admin (simulated)</title>
<style>
  body { margin: 0; font-family: system-ui, sans-serif; background: #f1f1f1; color: #303030; font-size: 13px; }
  header { height: 48px; display: flex; align-items: center; gap: 16px; padding: 0 16px; background: #1a1a1a; color: #e3e3e3; font-size: 14px; }
  header a { color: #e3e3e3; }
  main { padding: 16px; }
  section { background: #fff; border-radius: 12px; padding: 12px 16px; margin-bottom: 16px; box-shadow: 0 1px 0 #0000001a; }
  h1 { font-size: 16px; margin: 0 0 8px; } h2 { font-size: 14px; margin: 0 0 8px; }
  table { border-collapse: collapse; width: 100%; } td, th { text-align: left; vertical-align: top; padding: 6px 8px; border-top: 1px solid #ebebeb; }
  .tag { display: inline-block; background: #e3e3e3; border-radius: 8px; padding: 1px 8px; margin: 1px 0; }
  .mf div { white-space: nowrap; } .mf code { color: #616161; }
  nav a { display: inline-block; margin: 2px 4px 2px 0; padding: 2px 8px; border-radius: 8px; background: #f1f1f1; color: #303030; text-decoration: none; }
  nav a.on { background: #303030; color: #fff; } nav span { color: #8a8a8a; }
</style>
</head>
<body>
<header><strong>${escapeHtml(shop.name)}</strong><a href="${base}">Apps</a><a href="${base}/customers">Customers</a><span>simulated Shopify admin</span></header>
<main>
<section>
<h1>Customers${tag === null ? " with tags" : ` tagged ${escapeHtml(tag)}`}: ${matching.length} of ${all.length}${matching.length > SHOWN ? ` (the first ${SHOWN} shown)` : ""}</h1>
<nav>${tagLinks || "No customer has a tag yet."}</nav>
</section>
<section>
<table><thead><tr><th>Customer</th><th>Tags</th><th>App metafields</th><th>Discount codes for them</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</section>
<section>
<h2>Shopify Flow triggers the app sent: ${flow.length}</h2>
<table><tbody>
${flowRows || "<tr><td>None yet.</td></tr>"}
</tbody></table>
</section>
</main>
</body>
</html>
`;
}
