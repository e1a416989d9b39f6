export type ErrorKind = "notFound" | "notFromAdmin" | "automated" | "failed";

/**
 * A page's own refusals, thrown from loaders: `throw appError(404)`; the page's error boundary (admin/error-page.tsx)
 * shows them in words. Pure, so the gateways can answer with them too.
 */
export function appError(status: 404 | 400, kind: ErrorKind = status === 404 ? "notFound" : "failed"): Response {
  return new Response(JSON.stringify({ appError: kind }), { status, headers: { "Content-Type": "application/json; charset=utf-8" } });
}
