import { type HeadersFunction, json, type LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, Link, Outlet, useLoaderData, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { AppProvider as PolarisProvider } from "@shopify/polaris";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { adminLayout } from "../admin/admin-layout.server.ts";
import { ErrorPage, errorKind } from "../admin/error-page.tsx";
import { I18nProvider, useI18n } from "../i18n/i18n-context.tsx";
import { polarisTranslations } from "../i18n/polaris-translations.ts";
import { translator } from "../i18n/translate.ts";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { data, headers } = await adminLayout(request);
  return json(data, { headers });
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

// Shopify needs Remix to catch its thrown responses (the session-token bounce page) so that its headers reach the
// browser; the app's own refusals, missing pages, the library's refusal of automated browsers (410) and failures show
// as the app's error page, in the admin's language.
export function ErrorBoundary() {
  const error = useRouteError();
  const layout = useRouteLoaderData<typeof loader>("routes/app");
  if (isRouteErrorResponse(error) && !(error.data as { appError?: unknown } | null)?.appError && error.status !== 404 && error.status !== 410)
    return boundary.error(error);
  const locale = layout?.locale ?? "en";
  return (
    <PolarisProvider i18n={polarisTranslations(locale)}>
      <ErrorPage t={translator(locale)} kind={errorKind(error)} />
    </PolarisProvider>
  );
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
