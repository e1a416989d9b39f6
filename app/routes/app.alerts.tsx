import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, EmptyState, IndexTable, InlineStack, Layout, Page, Pagination, Select, Text } from "@shopify/polaris";
import { customerNumber } from "../admin/admin-links.ts";
import { ALERT_KINDS } from "../admin/alert-kinds.ts";
import { alertFilterFields, alertText } from "../admin/alert-text.ts";
import { alertAction, alertsPage } from "../admin/alerts-page.server.ts";
import { appError, PageErrorBoundary } from "../admin/error-page.tsx";
import { useI18n } from "../i18n/i18n-context.tsx";
import type { MessageKey } from "../i18n/translate.ts";
import { segmentLabel } from "../i18n/segment-label.ts";
import { useState } from "react";
import { authenticate } from "../shopify.server.ts";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  return alertsPage(admin, session.shop, new URL(request.url));
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const result = await alertAction(session.shop, await request.formData(), new Date());
  if (!result.ok) throw appError(404);
  return result;
};

export const ErrorBoundary = PageErrorBoundary;

function MarkButton(props: { id: number; done: boolean }) {
  const { t } = useI18n();
  const fetcher = useFetcher();
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="id" value={props.id} />
      <input type="hidden" name="intent" value={props.done ? "reopen" : "done"} />
      <Button submit size="slim" loading={fetcher.state !== "idle"}>
        {props.done ? t("alerts.reopen") : t("alerts.markDone")}
      </Button>
    </fetcher.Form>
  );
}

/** The alerts' filters: what the merchant picks, sent as the page's query when applied. */
function AlertFilterForm({ filter }: { filter: { kind?: string; state: string } }) {
  const { t } = useI18n();
  const [kind, setKind] = useState(filter.kind ?? "");
  const [state, setState] = useState(filter.state);
  return (
    <Form method="get" aria-label={t("alerts.title")}>
      <InlineStack gap="300" blockAlign="end">
        <Select
          label={t("alerts.filter.kind")}
          name="kind"
          value={kind}
          onChange={setKind}
          options={[{ value: "", label: t("customers.filter.any") }, ...ALERT_KINDS.map((kind) => ({ value: kind, label: t(`alert.kind.${kind}` as MessageKey) }))]}
        />
        <Select
          label={t("alerts.filter.state")}
          name="state"
          value={state}
          onChange={setState}
          options={[
            { value: "open", label: t("alerts.filter.open") },
            { value: "done", label: t("alerts.filter.doneOnly") },
            { value: "all", label: t("alerts.filter.all") },
          ]}
        />
        <Button submit>{t("customers.filter.apply")}</Button>
      </InlineStack>
    </Form>
  );
}

export default function Alerts() {
  const i18n = useI18n();
  const { t, f, locale } = i18n;
  const data = useLoaderData<typeof loader>();
  const query = (extra: Record<string, string>) =>
    `?${new URLSearchParams({ ...(data.filter.kind ? { kind: data.filter.kind } : {}), state: data.filter.state, ...extra })}`;
  return (
    <Page title={t("alerts.title")} subtitle={t("alerts.subtitle")} backAction={{ content: t("nav.dashboard"), url: "/app" }}>
      <Layout>
        {data.invalidParams.length > 0 ? (
          <Layout.Section>
            <Banner tone="warning" title={t("alerts.invalidFilter", { params: alertFilterFields(data.invalidParams, t) })} />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            {/* Remounted when the filter applied changes, so its fields start from it. */}
            <AlertFilterForm key={`${data.filter.kind ?? ""}/${data.filter.state}`} filter={data.filter} />
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            {data.rows.length === 0 ? (
              <EmptyState heading={t("alerts.empty")} image="">
                <p>{t("alerts.emptyBody")}</p>
              </EmptyState>
            ) : (
              <IndexTable
                resourceName={{ singular: t("alerts.title"), plural: t("alerts.title") }}
                itemCount={data.rows.length}
                selectable={false}
                headings={[
                  { title: t("alerts.column.raised") },
                  { title: t("alerts.column.kind") },
                  { title: t("alerts.column.subject") },
                  { title: t("alerts.column.what") },
                  { title: t("alerts.column.flow") },
                  { title: "" },
                ]}
              >
                {data.rows.map((row, index) => (
                  <IndexTable.Row id={String(row.id)} key={row.id} position={index}>
                    <IndexTable.Cell>{f.dateTime(row.raisedAt)}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Badge tone={row.doneAt ? undefined : row.kind === "vip-lost" || row.kind === "segment-shrank" ? "critical" : "attention"}>
                        {t(`alert.kind.${row.kind}` as MessageKey)}
                      </Badge>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      {row.customerGid ? (
                        <Link to={`/app/customers/${customerNumber(row.customerGid)}`}>
                          {data.names[row.customerGid] ?? t("customers.number", { number: customerNumber(row.customerGid) })}
                        </Link>
                      ) : (
                        t("alerts.segmentSubject", { segment: segmentLabel(row.segment ?? "", locale) })
                      )}
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" breakWord>
                        {alertText(row.kind, row.detail, i18n)}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" tone="subdued">
                        {t(`alerts.flow.${row.flowStatus}` as MessageKey)}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <MarkButton id={row.id} done={row.doneAt !== null} />
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            )}
          </Card>
        </Layout.Section>
        <Layout.Section>
          <BlockStack inlineAlign="center">
            <Pagination
              hasPrevious={data.filter.before !== undefined}
              previousURL={query({})}
              previousTooltip={t("alerts.newest")}
              hasNext={data.nextBefore !== null}
              nextURL={data.nextBefore ? query({ before: String(data.nextBefore) }) : undefined}
              nextTooltip={t("alerts.older")}
            />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
