import type { LoaderFunctionArgs } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { AppProvider } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import polarisVizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { ErrorPage, errorKind } from "./admin/error-page.tsx";
import { pageLocale } from "./admin/page-locale.server.ts";
import { env } from "./env.server.ts";
import type { Locale } from "./i18n/locale.ts";
import { polarisTranslations } from "./i18n/polaris-translations.ts";
import { translator } from "./i18n/translate.ts";

export const links = () => [
  { rel: "stylesheet", href: polarisStyles },
  { rel: "stylesheet", href: polarisVizStyles },
];

export const loader = ({ request }: LoaderFunctionArgs) => ({ locale: pageLocale(request, env().SHOPIFY_APP_URL).locale });

export function Layout({ children }: { children: React.ReactNode }) {
  const locale = useRouteLoaderData<typeof loader>("root")?.locale ?? "en";
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        {/* App Bridge draws the navigation from <ui-nav-menu> in Shopify admin; without App Bridge it must not show as bare links. */}
        <style>{"ui-nav-menu{display:none}"}</style>
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** Errors outside the admin layout: a missing page, a request from outside Shopify admin, a layout that failed. */
export function ErrorBoundary() {
  const error = useRouteError();
  const locale: Locale = useRouteLoaderData<typeof loader>("root")?.locale ?? "en";
  return (
    <AppProvider i18n={polarisTranslations(locale)}>
      <ErrorPage t={translator(locale)} kind={errorKind(error)} />
    </AppProvider>
  );
}
