import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { BlockStack, Button, Card, Page, Text } from "@shopify/polaris";
import { useI18n } from "../i18n/i18n-context.tsx";
import type { Translate } from "../i18n/translate.ts";

import { appError, type ErrorKind } from "./app-error.ts";

export { appError, type ErrorKind };

export function errorKind(error: unknown): ErrorKind {
  if (!isRouteErrorResponse(error)) return "failed";
  const kind = (error.data as { appError?: unknown } | null)?.appError;
  if (kind === "notFound" || kind === "notFromAdmin" || kind === "failed") return kind;
  if (error.status === 404) return "notFound";
  // Shopify's library answers a user agent that says it is a bot or a headless browser with 410 (reject-bot-request).
  if (error.status === 410) return "automated";
  return "failed";
}

/** What a page that cannot be shown says, as a Polaris page, with a way back. */
export function ErrorPage(props: { t: Translate; kind: ErrorKind }) {
  const { t, kind } = props;
  return (
    <Page narrowWidth>
      <Card>
        <BlockStack gap="300">
          <Text as="h1" variant="headingLg">
            {t(`error.${kind}.title`)}
          </Text>
          <Text as="p">{t(`error.${kind}.body`)}</Text>
          {kind === "notFromAdmin" || kind === "automated" ? null : (
            <div>
              <Button url="/app">{t("error.backToDashboard")}</Button>
            </div>
          )}
        </BlockStack>
      </Card>
    </Page>
  );
}

/** The error boundary of the app's pages: inside the admin layout, so in the admin's language. */
export function PageErrorBoundary() {
  const { t } = useI18n();
  return <ErrorPage t={t} kind={errorKind(useRouteError())} />;
}
