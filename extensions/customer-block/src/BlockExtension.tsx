import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { CustomerBlock } from "./CustomerBlock.tsx";

/** The admin runs this for `admin.customer-details.block.render`, with the `shopify` global set (shopify.d.ts). */
export default async () => {
  render(<CustomerBlock api={shopify} fetcher={fetch} />, document.body);
};
