/**
 * A stand-in for the Shopify admin page that embeds the app: an iframe at
 * `${appUrl}/app?embedded=1&shop=<shop>&host=<base64url("admin.shopify.com/store/<name>")>&id_token=<JWT>`,
 * the URL Shopify admin loads for an embedded app.
 */
export function adminHost(shop: string): string {
  const storeName = shop.replace(/\.myshopify\.com$/, "");
  return Buffer.from(`admin.shopify.com/store/${storeName}`).toString("base64url");
}

export function embeddedAppUrl(appUrl: string, shop: string, idToken: string): string {
  const url = new URL("/app", appUrl);
  url.searchParams.set("embedded", "1");
  url.searchParams.set("shop", shop);
  url.searchParams.set("host", adminHost(shop));
  url.searchParams.set("id_token", idToken);
  return url.toString();
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function adminFramePage(shop: { domain: string; name: string }, appUrl: string, idToken: string): string {
  const src = embeddedAppUrl(appUrl, shop.domain, idToken);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(shop.name)} · Shopify admin (simulated)</title>
<style>
  html, body { margin: 0; height: 100%; font-family: system-ui, sans-serif; background: #f1f1f1; }
  header { height: 48px; box-sizing: border-box; display: flex; align-items: center; gap: 12px; padding: 0 16px; background: #1a1a1a; color: #e3e3e3; font-size: 14px; }
  header strong { color: #fff; }
  header a { color: #e3e3e3; }
  iframe { display: block; border: 0; width: 100%; height: calc(100% - 48px); background: #fff; }
</style>
</head>
<body>
<header><strong>${escapeHtml(shop.name)}</strong><a href="/admin/${escapeHtml(shop.domain.replace(/\.myshopify\.com$/, ""))}/customers">Customers</a><span>${escapeHtml(shop.domain)} · simulated Shopify admin</span></header>
<iframe src="${escapeHtml(src)}" title="App" allow="clipboard-read; clipboard-write"></iframe>
</body>
</html>
`;
}
