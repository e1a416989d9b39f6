/**
 * The frame an admin block extension runs in on a simulated admin page (`/admin/<store>/customers/<id>/blocks/<handle>`):
 * its `document.body` is the block's, as in Shopify admin. The page carries the host's context (the resource, the
 * admin's locale and the extension's messages in it, the app's URL, the session token endpoint) and loads the bundle
 * of the extension with the host before it. The `s-*` components are not Shopify's: a few CSS rules lay them out so
 * that the block reads as it would in the admin.
 */
import { CONTEXT_ELEMENT_ID, type ExtensionHostContext } from "./extension-host-context.ts";
import type { LocaleMessages } from "./extension-i18n.ts";
import { escapeHtml, scriptJson } from "./html.ts";
import type { UiExtension } from "./ui-extensions.ts";

/** The messages of the admin's locale (`ko-KR`, then `ko`), else of the extension's default locale. */
export function messagesFor(extension: UiExtension, locale: string): LocaleMessages {
  const fallback = extension.locales[extension.defaultLocale] ?? {};
  return extension.locales[locale] ?? extension.locales[locale.split("-")[0] ?? ""] ?? fallback;
}

/** Where the bundle of an extension's target is served. */
export function bundlePath(handle: string, target: string): string {
  return `/ui-extensions/${encodeURIComponent(handle)}/${encodeURIComponent(target)}.js`;
}

const COMPONENT_CSS = `
  html { overflow: hidden; } body { margin: 0; padding: 1px; font-family: system-ui, sans-serif; font-size: 13px; line-height: 20px; color: #303030; }
  s-admin-block { display: block; background: #fff; border-radius: 12px; padding: 12px 16px 16px; box-shadow: 0 1px 0 #0000001a, inset 0 0 0 1px #00000010; }
  s-admin-block::before { content: attr(heading); display: block; font-weight: 650; font-size: 14px; margin-bottom: 12px; }
  s-stack { display: flex; flex-direction: column; gap: 12px; }
  s-stack[direction="inline"] { flex-direction: row; flex-wrap: wrap; align-items: center; }
  s-stack[gap="none"] { gap: 0; } s-stack[gap="small-200"] { gap: 8px; }
  s-stack[justifycontent="space-between"] { justify-content: space-between; }
  s-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px 16px; }
  s-text { display: inline; } s-text[color="subdued"] { color: #616161; } s-text[type="strong"] { font-weight: 650; }
  s-paragraph { display: block; }
  s-badge { display: inline-block; padding: 0 8px; border-radius: 8px; background: #e3e3e3; font-size: 12px; font-weight: 550; }
  s-badge[tone="success"] { background: #cdfee1; color: #0c5132; } s-badge[tone="info"] { background: #e0f0ff; color: #00527c; }
  s-badge[tone="caution"] { background: #fff1c2; color: #4f4700; } s-badge[tone="warning"] { background: #ffd6a4; color: #5e4200; }
  s-badge[tone="critical"] { background: #fedad9; color: #8e0b21; }
  s-banner { display: block; border-radius: 8px; padding: 10px 12px; background: #ebebeb; }
  s-banner::before { content: attr(heading); display: block; font-weight: 650; }
  s-banner[tone="critical"] { background: #fedad9; color: #8e0b21; } s-banner[tone="info"] { background: #e0f0ff; color: #00527c; }
  s-link { color: #005bd3; text-decoration: underline; cursor: pointer; }
  s-spinner { display: inline-block; width: 14px; height: 14px; border: 2px solid #c9c9c9; border-top-color: #303030; border-radius: 50%; animation: spin 0.8s linear infinite; }
  @keyframes spin { to { transform: rotate(360deg); } }
`;

export interface AdminBlockFrame {
  readonly extension: UiExtension;
  readonly target: string;
  readonly store: string;
  readonly resourceGid: string;
  readonly locale: string;
  readonly appUrl: string;
}

export function adminBlockFramePage(frame: AdminBlockFrame): string {
  const { extension, locale } = frame;
  const context: ExtensionHostContext = {
    target: frame.target,
    selectedGid: frame.resourceGid,
    locale,
    messages: messagesFor(extension, locale),
    fallbackMessages: extension.locales[extension.defaultLocale] ?? {},
    appUrl: frame.appUrl,
    idTokenUrl: `/admin/${encodeURIComponent(frame.store)}/id-token`,
    adminPath: `/admin/${encodeURIComponent(frame.store)}`,
  };
  return `<!doctype html>
<html lang="${escapeHtml(locale)}">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>${escapeHtml(extension.name)}</title>
<style>${COMPONENT_CSS}</style>
<script id="${CONTEXT_ELEMENT_ID}" type="application/json">${scriptJson(context)}</script>
<script type="module" src="${escapeHtml(bundlePath(extension.handle, frame.target))}"></script>
</head>
<body></body>
</html>
`;
}
