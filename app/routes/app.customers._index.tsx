import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  Card,
  EmptyState,
  IndexTable,
  InlineError,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Pagination,
  Select,
  Tag,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { customerNumber, shopifyAdminCustomerUrl } from "../admin/admin-links.ts";
import { SORT_KEYS, type SortKey } from "../admin/customer-list-query.ts";
import { customersPage } from "../admin/customers-page.server.ts";
import { DownloadButton } from "../admin/download-button.tsx";
import { useI18n } from "../i18n/i18n-context.tsx";
import { segmentLabel } from "../i18n/segment-label.ts";
import { authenticate } from "../shopify.server.ts";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  return customersPage(admin, session.shop, new URL(request.url), new Date());
};

const SORT_LABEL_KEYS = {
  predictedClv: "customers.column.predictedClv",
  historicClv: "customers.column.historicClv",
  pAlive: "customers.column.pAlive",
  orders: "customers.column.orders",
  lastOrder: "customers.column.lastOrder",
  recency: "customers.sort.recency",
  frequency: "customers.sort.frequency",
  monetary: "customers.sort.monetary",
} as const satisfies Record<SortKey, string>;

function Filters() {
  const { t, locale } = useI18n();
  const data = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const [values, setValues] = useState<Record<string, string>>(data.params);
  const field = (name: string) => ({
    value: values[name] ?? "",
    onChange: (value: string) => setValues((current) => ({ ...current, [name]: value })),
    name,
    error: data.errors[name],
    autoComplete: "off",
  });
  const options = (entries: [string, string][]) => [{ label: t("customers.filter.any"), value: "" }, ...entries.map(([value, label]) => ({ value, label }))];
  return (
    <Card>
      <Form method="get" aria-label={t("customers.filter.title")}>
        <BlockStack gap="300">
          <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="300">
            <TextField label={t("customers.filter.search")} placeholder={t("customers.filter.searchPlaceholder")} {...field("q")} />
            <Select label={t("customers.filter.segment")} options={options(data.segments.map((s) => [s, segmentLabel(s, locale)]))} {...field("segment")} />
            <TextField label={t("customers.filter.minClv")} type="number" min={0} {...field("minClv")} />
            <TextField label={t("customers.filter.maxClv")} type="number" min={0} {...field("maxClv")} />
            <TextField label={t("customers.filter.minAlive")} type="number" min={0} max={100} suffix="%" {...field("minAlive")} />
            <TextField label={t("customers.filter.maxAlive")} type="number" min={0} max={100} suffix="%" {...field("maxAlive")} />
            <TextField label={t("customers.filter.tag")} placeholder={`${data.tagPrefix}-vip`} {...field("tag")} />
            <Select
              label={t("customers.filter.code")}
              options={options([
                ["with", t("customers.filter.codeWith")],
                ["without", t("customers.filter.codeWithout")],
              ])}
              {...field("code")}
            />
            <Select label={t("customers.filter.overdue")} options={options([["1", t("customers.filter.overdueOnly")]])} {...field("overdue")} />
            <Select
              label={t("customers.sort.by")}
              options={SORT_KEYS.map((key) => ({ value: key, label: t(SORT_LABEL_KEYS[key]) }))}
              {...field("sort")}
              value={values.sort ?? "predictedClv"}
            />
            <Select
              label={t("customers.sort.direction")}
              options={[
                { value: "desc", label: t("customers.sort.desc") },
                { value: "asc", label: t("customers.sort.asc") },
              ]}
              {...field("dir")}
              value={values.dir ?? "desc"}
            />
          </InlineGrid>
          {values.r || values.f ? (
            // A cell of the dashboard's RFM grid: kept through Apply, removed with its tag.
            <InlineStack gap="200" blockAlign="center">
              {values.r ? <input type="hidden" name="r" value={values.r} /> : null}
              {values.f ? <input type="hidden" name="f" value={values.f} /> : null}
              <Tag onRemove={() => setValues(({ r: _r, f: _f, ...rest }) => rest)} accessibilityLabel={t("customers.filter.rfmCellRemove")}>
                {t("customers.filter.rfmCell", { r: values.r ?? "–", f: values.f ?? "–" })}
              </Tag>
            </InlineStack>
          ) : null}
          {data.errors.query || data.errors.after ? <InlineError message={data.errors.query ?? data.errors.after ?? ""} fieldID="q" /> : null}
          <InlineStack gap="200">
            <Button submit variant="primary" loading={navigation.state === "loading" && navigation.location?.pathname === "/app/customers"}>
              {t("customers.filter.apply")}
            </Button>
            <Button url="/app/customers">{t("customers.filter.clear")}</Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}

export default function Customers() {
  const { t, f, locale } = useI18n();
  const data = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const rows = data.page.rows;
  const nextUrl = data.page.next ? `?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(data.exportQuery)), after: data.page.next })}` : null;
  const firstUrl = `?${data.exportQuery}`;
  const onLaterPage = searchParams.has("after");
  return (
    <Page title={t("customers.title")} backAction={{ content: t("nav.dashboard"), url: "/app" }} fullWidth>
      <Layout>
        <Layout.Section>
          <Filters />
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            {rows.length === 0 ? (
              <EmptyState heading={data.scored ? t("customers.empty.filtered") : t("customers.empty.notScored")} image="">
                <p>{data.scored ? t("customers.empty.filteredBody") : t("customers.empty.notScoredBody")}</p>
              </EmptyState>
            ) : (
              <IndexTable
                resourceName={{ singular: t("customers.resource.one"), plural: t("customers.resource.other") }}
                itemCount={rows.length}
                selectable={false}
                headings={[
                  { title: t("customers.column.customer") },
                  { title: t("customers.column.segment") },
                  { title: t("customers.column.rfm") },
                  { title: t("customers.column.orders"), alignment: "end" },
                  { title: t("customers.column.historicClv"), alignment: "end" },
                  { title: t("customers.column.predictedClv"), alignment: "end" },
                  { title: t("customers.column.pAlive"), alignment: "end" },
                  { title: t("customers.column.lastOrder") },
                  { title: t("customers.column.tagsAndCode") },
                ]}
              >
                {rows.map((row, index) => {
                  const name = data.names[row.customerGid];
                  const number = customerNumber(row.customerGid);
                  return (
                    <IndexTable.Row id={row.customerGid} key={row.customerGid} position={index}>
                      <IndexTable.Cell>
                        <BlockStack gap="050">
                          <Link to={`/app/customers/${number}`}>
                            <Text as="span" fontWeight="semibold">
                              {name ?? t("customers.number", { number })}
                            </Text>
                          </Link>
                          <a href={shopifyAdminCustomerUrl(data.shop, row.customerGid)} target="_top" rel="noreferrer">
                            <Text as="span" variant="bodySm" tone="subdued">
                              {t("customers.openInShopify")}
                            </Text>
                          </a>
                        </BlockStack>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Badge>{segmentLabel(row.segment, locale)}</Badge>
                      </IndexTable.Cell>
                      <IndexTable.Cell>{row.rfm.recency === null ? "–" : `${row.rfm.recency}-${row.rfm.frequency}-${row.rfm.monetary}`}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric>
                          {f.number(row.orderCount)}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric>
                          {f.money(row.historicClvMinor)}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric>
                          {f.money(row.predictedClvMinor)}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric>
                          {f.percent(row.pAlive)}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>{f.day(row.lastPurchaseOn)}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <InlineStack gap="100">
                          {row.tags.map((tag) => (
                            <Badge key={tag} tone="info">
                              {tag}
                            </Badge>
                          ))}
                          {row.activeCode ? <Badge tone="success">{row.activeCode}</Badge> : null}
                        </InlineStack>
                      </IndexTable.Cell>
                    </IndexTable.Row>
                  );
                })}
              </IndexTable>
            )}
            <Box padding="300">
              <InlineStack align="space-between" blockAlign="center">
                <Pagination
                  hasPrevious={onLaterPage}
                  previousURL={onLaterPage ? firstUrl : undefined}
                  previousTooltip={t("customers.firstPage")}
                  hasNext={nextUrl !== null}
                  nextURL={nextUrl ?? undefined}
                  label={data.searchTruncated ? t("customers.searchTruncated") : undefined}
                />
                {Object.keys(data.errors).length === 0 ? (
                  <DownloadButton href={`/app/customers.csv?${data.exportQuery}`}>{t("customers.export")}</DownloadButton>
                ) : null}
              </InlineStack>
            </Box>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
