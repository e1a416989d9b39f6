// The `shopify` global the admin gives the extension's module (as `shopify app generate extension` writes it).
import "@shopify/ui-extensions";

//@ts-ignore
declare module "./src/BlockExtension.tsx" {
  const shopify: import("@shopify/ui-extensions/admin.customer-details.block.render").Api;
}
