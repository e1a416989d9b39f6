import { appError } from "../admin/error-page.tsx";
import { embeddedRoute } from "../shopify.server.ts";

/**
 * The library's login path, where a page opened with neither a shop nor a session token is sent. The app has no
 * login form (it is opened from the store's Shopify admin), so this says where to open it (the root's error page)
 * instead of the library's message for developers, a 500.
 */
export const loader = embeddedRoute(async () => {
  throw appError(400, "notFromAdmin");
});

export default function Login() {
  return null;
}
