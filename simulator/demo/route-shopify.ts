// Preloaded into the demo's app process (node --import): sends the app's Shopify traffic to the
// store simulator named by SHOPIFY_SIMULATOR_URL. The app itself knows nothing of it.
import { routeShopifyToSimulator } from "../dispatcher.ts";

const url = process.env.SHOPIFY_SIMULATOR_URL;
if (url) routeShopifyToSimulator(url);
