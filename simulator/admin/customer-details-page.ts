/**
 * The simulated admin's customer details page (`/admin/<store>/customers/<legacyId>`): the customer as the merchant
 * sees them (contact, tags, note, orders, what the app wrote: `$app` metafields and codes limited to them), and the
 * app's blocks for `admin.customer-details.block.render`, each in a frame of its own (admin-block-frame.ts) that grows
 * with its content. `?locale=` is the admin's language, handed on to the blocks.
 */
import { formatMinor } from "../money.ts";
import type { SimCustomer, SimOrder } from "../store/types.ts";
import type { SimShop } from "../store/shop.ts";
import { ADMIN_LANGUAGES } from "./admin-locale.ts";
import { HEIGHT_MESSAGE } from "./extension-host-context.ts";
import { escapeHtml } from "./html.ts";

export const CUSTOMER_BLOCK_TARGET = "admin.customer-details.block.render";

const ORDERS_SHOWN = 20;

export interface CustomerDetails {
  readonly shop: SimShop & { readonly appNamespace: string };
  readonly customer: SimCustomer;
  /** The app's block extensions for the page's target. */
  readonly blocks: readonly { readonly handle: string; readonly name: string }[];
  readonly locale: string;
  readonly now: Date;
}

/** `/admin/<store>`, the simulated admin of a shop. */
export function adminBase(shopDomain: string): string {
  return `/admin/${shopDomain.replace(/\.myshopify\.com$/, "")}`;
}

function money(minor: number, currency: string): string {
  return `${formatMinor(minor, currency)} ${currency}`;
}

function day(at: Date): string {
  return at.toISOString().slice(0, 10);
}

function orderRow(order: SimOrder): string {
  const state = [order.cancelledAt ? "cancelled" : order.financialStatus.replace(/_/g, " "), order.test ? "test" : ""].filter(Boolean).join(", ");
  const refunded = order.refundedMinor > 0 ? ` (refunded ${money(order.refundedMinor, order.currency)})` : "";
  const codes = order.discountCodes.map((d) => `<code>${escapeHtml(d.code)}</code>`).join(" ");
  return `<tr><td>${escapeHtml(order.name)}</td><td>${day(order.processedAt)}</td><td>${escapeHtml(state)}</td><td class="num">${money(order.totalMinor, order.currency)}${escapeHtml(refunded)}</td><td>${codes}</td></tr>`;
}

export function customerDetailsPage(page: CustomerDetails): string {
  const { shop, customer, locale } = page;
  const base = adminBase(shop.domain);
  const path = `${base}/customers/${customer.legacyId}`;
  const name = [customer.firstName, customer.lastName].filter(Boolean).join(" ") || `Customer ${customer.legacyId}`;
  const orders = shop
    .orders()
    .filter((order) => order.customerGid === customer.gid)
    .sort((a, b) => b.processedAt.getTime() - a.processedAt.getTime());
  const spent = shop.netSpendByCustomer().get(customer.gid) ?? 0;
  const metafields = shop
    .metafields(customer.gid)
    .filter((m) => m.namespace === shop.appNamespace)
    .map((m) => `<tr><td><code>${escapeHtml(m.key)}</code></td><td>${escapeHtml(m.value)}</td></tr>`)
    .join("");
  const codes = shop
    .discounts()
    .filter((d) => (d.endsAt === null || d.endsAt > page.now) && d.context.kind === "customers" && d.context.customerGids.includes(customer.gid))
    .flatMap((d) => d.codes.map((c) => `<li><code>${escapeHtml(c.code)}</code> until ${d.endsAt ? day(d.endsAt) : "no end"}</li>`))
    .join("");
  const contact = [customer.email, customer.phone].filter((v): v is string => Boolean(v)).map((v) => `<div>${escapeHtml(v)}</div>`);
  const languages = ADMIN_LANGUAGES.map(
    (language) =>
      `<a href="${path}?locale=${language.locale}" lang="${language.locale}"${language.locale === locale.split("-")[0] ? ' aria-current="true"' : ""}>${escapeHtml(language.name)}</a>`,
  ).join(" ");
  const blocks = page.blocks
    .map(
      (block) =>
        `<iframe class="block" title="${escapeHtml(block.name)}" data-handle="${escapeHtml(block.handle)}" src="${escapeHtml(`${path}/blocks/${encodeURIComponent(block.handle)}?locale=${encodeURIComponent(locale)}`)}"></iframe>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="${escapeHtml(locale)}">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>${escapeHtml(name)} · Customers · ${escapeHtml(shop.name)} · Shopify admin (simulated)</title>
<style>
  body { margin: 0; font-family: system-ui, sans-serif; background: #f1f1f1; color: #303030; font-size: 13px; }
  header { height: 48px; display: flex; align-items: center; gap: 16px; padding: 0 16px; background: #1a1a1a; color: #e3e3e3; font-size: 14px; }
  header a { color: #e3e3e3; } header .languages { margin-left: auto; } header .languages a[aria-current] { font-weight: 700; text-decoration: none; }
  main { padding: 16px 24px; max-width: 1100px; margin: 0 auto; }
  h1 { font-size: 20px; margin: 4px 0 16px; } h2 { font-size: 14px; margin: 0 0 8px; }
  .crumbs a { color: #616161; }
  .columns { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 16px; align-items: start; }
  section { background: #fff; border-radius: 12px; padding: 12px 16px; margin-bottom: 16px; box-shadow: 0 1px 0 #0000001a; }
  table { border-collapse: collapse; width: 100%; } td, th { text-align: left; vertical-align: top; padding: 6px 8px; border-top: 1px solid #ebebeb; }
  td.num { text-align: right; white-space: nowrap; }
  .tag { display: inline-block; background: #e3e3e3; border-radius: 8px; padding: 1px 8px; margin: 1px 0; }
  .figures { display: flex; gap: 32px; } .figures div span { display: block; color: #616161; }
  iframe.block { display: block; width: 100%; height: 96px; border: 0; margin-bottom: 16px; background: transparent; }
  ul { margin: 0; padding-left: 18px; }
</style>
</head>
<body>
<header><strong>${escapeHtml(shop.name)}</strong><a href="${base}?locale=${encodeURIComponent(locale)}">Apps</a><a href="${base}/customers">Customers</a><span>simulated Shopify admin</span><span class="languages">${languages}</span></header>
<main>
<div class="crumbs"><a href="${base}/customers">Customers</a> ›</div>
<h1>${escapeHtml(name)}</h1>
<div class="columns">
<div>
<section>
<div class="figures"><div><span>Amount spent</span>${money(spent, shop.currencyCode)}</div><div><span>Orders</span>${orders.length}</div><div><span>Customer since</span>${day(customer.createdAt)}</div></div>
</section>
<section>
<h2>Orders</h2>
<table><thead><tr><th>Order</th><th>Date</th><th>Status</th><th class="num">Total</th><th>Codes</th></tr></thead>
<tbody>
${orders.slice(0, ORDERS_SHOWN).map(orderRow).join("\n") || '<tr><td colspan="5">No orders yet.</td></tr>'}
</tbody></table>
${orders.length > ORDERS_SHOWN ? `<p>The latest ${ORDERS_SHOWN} of ${orders.length} shown.</p>` : ""}
</section>
<section>
<h2>App metafields</h2>
<table><tbody>${metafields || "<tr><td>None.</td></tr>"}</tbody></table>
</section>
</div>
<div>
${blocks || "<section>No app block for this page.</section>"}
<section>
<h2>Customer</h2>
${contact.join("") || "<div>No contact information.</div>"}
<div><code>${escapeHtml(customer.gid)}</code></div>
</section>
<section>
<h2>Tags</h2>
${customer.tags.map((t) => `<span class="tag">${escapeHtml(t)}</span>`).join(" ") || "No tags."}
</section>
<section>
<h2>Discount codes for them</h2>
${codes ? `<ul>${codes}</ul>` : "None running."}
</section>
${customer.note ? `<section><h2>Notes</h2>${escapeHtml(customer.note)}</section>` : ""}
</div>
</div>
</main>
<script>
  window.addEventListener("message", function (event) {
    if (event.origin !== window.location.origin || !event.data || event.data.type !== ${JSON.stringify(HEIGHT_MESSAGE)}) return;
    document.querySelectorAll("iframe.block").forEach(function (frame) {
      if (frame.contentWindow === event.source) frame.style.height = Math.ceil(event.data.height) + "px";
    });
  });
</script>
</body>
</html>
`;
}
