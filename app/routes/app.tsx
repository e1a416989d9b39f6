import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { adminLayout } from "../admin/admin-layout.server.ts";
import { I18nProvider, useI18n } from "../i18n/i18n-context.tsx";
import { polarisTranslations } from "../i18n/polaris-translations.ts";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { data, headers } = await adminLayout(request);
  return Response.json(data, { headers });
};

function Navigation() {
  const { t } = useI18n();
  return (
    <NavMenu>
      <Link to="/app" rel="home">
        {t("nav.dashboard")}
      </Link>
      <Link to="/app/customers">{t("nav.customers")}</Link>
      <Link to="/app/alerts">{t("nav.alerts")}</Link>
      <Link to="/app/settings">{t("nav.settings")}</Link>
    </NavMenu>
  );
}

export default function App() {
  const { apiKey, appBridgeUrl, locale, currencyCode, timeZone } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey} i18n={polarisTranslations(locale)} {...(appBridgeUrl ? { __APP_BRIDGE_URL: appBridgeUrl } : {})}>
      <I18nProvider locale={locale} currency={currencyCode} timeZone={timeZone}>
        <Navigation />
        <Outlet />
      </I18nProvider>
    </AppProvider>
  );
}

// Shopify needs Remix to catch thrown responses so that its headers reach the browser; other errors go on to the
// root's error page (app/root.tsx).
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
