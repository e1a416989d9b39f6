import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, DataTable, InlineGrid, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
import { customerNumber, shopifyAdminCustomerUrl } from "../admin/admin-links.ts";
import { ClientOnly } from "../admin/client-only.tsx";
import { Figure } from "../admin/figure.tsx";
import { isAppMetafieldKey, metafieldValueText } from "../admin/metafield-display.ts";
import { cumulativeClv } from "../admin/clv-history.ts";
import { type CustomerDetail, customerDetail } from "../admin/customer-detail.server.ts";
import { appError, PageErrorBoundary } from "../admin/error-page.tsx";
import { describeRule } from "../admin/segment-explanation.ts";
import type { Formats } from "../i18n/format.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import type { Translate } from "../i18n/translate.ts";
import { segmentLabel } from "../i18n/segment-label.ts";
import { authenticate } from "../shopify.server.ts";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  if (!/^\d{1,20}$/.test(params.id ?? "")) throw appError(404);
  const detail = await customerDetail(admin, session.shop, `gid://shopify/Customer/${params.id}`, new Date());
  if (!detail) throw appError(404);
  return { shop: session.shop, detail };
};

export const ErrorBoundary = PageErrorBoundary;

function Scores() {
  const { t, f } = useI18n();
  const { detail } = useLoaderData<typeof loader>();
  const score = detail.score;
  if (!score) {
    return (
      <Card>
        <Text as="p">{t("customer.notScored")}</Text>
      </Card>
    );
  }
  const interval = (low: string, high: string) => t("customer.interval", { low, high });
  return (
    <Card>
      <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
        <Figure label={t("customers.column.historicClv")} value={f.money(score.historicClvMinor)} note={t("customer.orders", { count: score.orderCount })} />
        <Figure
          label={t("customers.column.predictedClv")}
          value={score.predictedClv ? f.money(score.predictedClv.minor) : "–"}
          note={
            score.predictedClv?.lowMinor && score.predictedClv.highMinor
              ? interval(f.money(score.predictedClv.lowMinor), f.money(score.predictedClv.highMinor))
              : undefined
          }
        />
        <Figure
          label={t("customers.column.pAlive")}
          value={score.pAlive ? f.percent(score.pAlive.value) : "–"}
          note={
            score.pAlive?.low !== null && score.pAlive?.high !== null && score.pAlive
              ? interval(f.percent(score.pAlive.low), f.percent(score.pAlive.high))
              : undefined
          }
        />
        <Figure
          label={t("customer.nextOrder")}
          value={f.day(score.expectedNextPurchaseOn)}
          note={score.expectedPurchases90 === null ? undefined : t("customer.expected90", { orders: f.number(score.expectedPurchases90, 1) })}
        />
      </InlineGrid>
      {score.confidence === "low" ? (
        <div style={{ marginTop: 12 }}>
          <Badge tone="warning">{t("customer.lowConfidence")}</Badge>
        </div>
      ) : null}
    </Card>
  );
}

function Explanation() {
  const { t, f, locale } = useI18n();
  const { detail } = useLoaderData<typeof loader>();
  const score = detail.score;
  if (!score || !detail.explanation || score.rfm.r === null) return null;
  const { rfm } = score;
  const r = detail.cutPoints.recency.find((c) => c.score === rfm.r);
  const fq = detail.cutPoints.frequency.find((c) => c.score === rfm.f);
  const m = detail.cutPoints.monetary.find((c) => c.score === rfm.m);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("customer.why.title")}
        </Text>
        <DataTable
          columnContentTypes={["text", "numeric", "text", "text"]}
          headings={[t("customer.why.dimension"), t("customer.why.score"), t("customer.why.value"), t("customer.why.range")]}
          rows={[
            [
              t("customer.why.recency"),
              String(rfm.r),
              t("customer.why.lastOrder", { day: f.day(score.lastPurchaseOn) }),
              r ? `${f.day(r.fromDay)} – ${f.day(r.toDay)}` : "–",
            ],
            [t("customer.why.frequency"), String(rfm.f), f.number(score.orderCount), fq ? `${f.number(fq.min)} – ${f.number(fq.max)}` : "–"],
            [t("customer.why.monetary"), String(rfm.m), f.money(score.historicClvMinor), m ? `${f.money(m.minMinor)} – ${f.money(m.maxMinor)}` : "–"],
          ]}
        />
        <Text as="p">
          {detail.explanation.rule
            ? t("customer.why.rule", { rule: describeRule(detail.explanation.rule), segment: segmentLabel(score.segment, locale) })
            : t("customer.why.noRule")}
        </Text>
        <Text as="p" variant="bodySm" tone="subdued">
          {t("customer.why.note")}
        </Text>
      </BlockStack>
    </Card>
  );
}

function History() {
  const { t, f, locale } = useI18n();
  const { detail } = useLoaderData<typeof loader>();
  const points = cumulativeClv(detail.orders);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("customer.history.title")}
        </Text>
        {points.length > 1 ? (
          <div style={{ height: 220 }} role="img" aria-label={t("customer.history.chartLabel")}>
            <ClientOnly>
              {() => (
                <PolarisVizProvider>
                  <LineChart
                    theme="Light"
                    data={[{ name: t("customers.column.historicClv"), data: points.map((p) => ({ key: f.dayOf(p.at), value: p.minor })) }]}
                    yAxisOptions={{ labelFormatter: (value) => f.moneyShort(Number(value ?? 0)) }}
                    tooltipOptions={{ valueFormatter: (value) => f.money(Number(value ?? 0)) }}
                  />
                </PolarisVizProvider>
              )}
            </ClientOnly>
          </div>
        ) : null}
        {detail.segmentHistory.length === 0 ? (
          <Text as="p">{t("customer.history.noChanges")}</Text>
        ) : (
          <DataTable
            columnContentTypes={["text", "text", "text"]}
            headings={[t("customer.history.when"), t("customer.history.from"), t("customer.history.to")]}
            rows={detail.segmentHistory.map((h) => [
              f.dateTime(h.changedAt),
              h.from ? segmentLabel(h.from, locale) : t("customer.history.first"),
              segmentLabel(h.to, locale),
            ])}
          />
        )}
      </BlockStack>
    </Card>
  );
}

function Orders() {
  const { t, f } = useI18n();
  const { detail } = useLoaderData<typeof loader>();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("customer.orders.title")}
        </Text>
        {detail.orders.length === 0 ? (
          <Text as="p">{t("customer.orders.none")}</Text>
        ) : (
          <DataTable
            columnContentTypes={["text", "numeric", "numeric", "numeric", "text"]}
            headings={[t("customer.orders.date"), t("customer.orders.total"), t("customer.orders.refunded"), t("customer.orders.net"), t("customer.orders.notes")]}
            rows={detail.orders.map((o) => [
              f.dateTime(o.processedAt),
              f.money(o.totalMinor),
              f.money(o.refundedMinor),
              f.money(o.netMinor),
              [o.cancelled ? t("customer.orders.cancelled") : null, o.test ? t("customer.orders.test") : null, ...o.discountCodes].filter(Boolean).join(", "),
            ])}
          />
        )}
        {detail.refunds.length > 0 ? (
          <Text as="p" variant="bodySm" tone="subdued">
            {t("customer.orders.refunds", { count: detail.refunds.length })}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}

function offerState(o: CustomerDetail["offers"][number], t: Translate, f: Formats): string {
  if (o.holdout) return t("customer.codes.stateControl");
  if (o.redeemedAt) return t("customer.codes.stateUsed", { at: f.dateTime(o.redeemedAt) });
  if (o.active) return t("customer.codes.stateActive");
  return o.status === "pending" ? t("customer.codes.statePending") : t("customer.codes.stateExpired");
}

function Pushed() {
  const { t, f, locale } = useI18n();
  const { detail } = useLoaderData<typeof loader>();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("customer.pushed.title")}
        </Text>
        {detail.pushed ? (
          <>
            <InlineStack gap="100">
              {detail.pushed.tags.length === 0 ? (
                <Text as="span">{t("customer.pushed.noTags")}</Text>
              ) : (
                detail.pushed.tags.map((tag) => <Badge key={tag}>{tag}</Badge>)
              )}
            </InlineStack>
            <BlockStack gap="100" as="ul">
              {Object.entries(detail.pushed.metafields).map(([key, value]) => (
                <InlineStack key={key} gap="200" align="space-between" as="li" wrap={false}>
                  <Text as="span" tone="subdued" variant="bodySm">
                    {isAppMetafieldKey(key) ? t(`metafield.${key}`) : key} <code title={t("customer.pushed.metafield")}>{key}</code>
                  </Text>
                  <Text as="span" variant="bodySm" alignment="end" breakWord>
                    {metafieldValueText(key, value, f, locale)}
                  </Text>
                </InlineStack>
              ))}
            </BlockStack>
            <Text as="p" variant="bodySm" tone="subdued">
              {t("customer.pushed.at", { at: f.dateTime(detail.pushed.pushedAt) })}
            </Text>
          </>
        ) : (
          <Text as="p">{t("customer.pushed.none")}</Text>
        )}
        <Text as="h3" variant="headingSm">
          {t("customer.codes.title")}
        </Text>
        {detail.offers.length === 0 ? (
          <Text as="p">{t("customer.codes.none")}</Text>
        ) : (
          <BlockStack gap="200" as="ul">
            {detail.offers.map((o) => (
              <BlockStack key={o.id} gap="050" as="li">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="span" fontWeight="semibold">
                    {o.holdout ? t("customer.codes.control") : (o.code ?? "–")}
                  </Text>
                  <Badge tone={o.active ? "success" : undefined}>{offerState(o, t, f)}</Badge>
                </InlineStack>
                <Text as="span" variant="bodySm" tone="subdued">
                  {t("customer.codes.line", { rule: o.ruleId, percent: o.percentOff, ends: f.dateTime(o.endsAt) })}
                </Text>
              </BlockStack>
            ))}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}

function Alerts() {
  const { t, f } = useI18n();
  const { detail } = useLoaderData<typeof loader>();
  if (detail.alerts.length === 0) return null;
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {t("nav.alerts")}
        </Text>
        {detail.alerts.map((a) => (
          <InlineStack key={a.id} gap="200">
            <Badge tone={a.doneAt ? undefined : "attention"}>{t(`alert.kind.${a.kind}` as "alert.kind.vip-lost")}</Badge>
            <Text as="span">{f.dateTime(a.raisedAt)}</Text>
            {a.doneAt ? (
              <Text as="span" tone="subdued">
                {t("alerts.done")}
              </Text>
            ) : null}
          </InlineStack>
        ))}
      </BlockStack>
    </Card>
  );
}

export default function CustomerPage() {
  const { t, locale } = useI18n();
  const { shop, detail } = useLoaderData<typeof loader>();
  const number = customerNumber(detail.gid);
  return (
    <Page
      title={detail.name ?? t("customers.number", { number })}
      titleMetadata={detail.score ? <Badge>{segmentLabel(detail.score.segment, locale)}</Badge> : undefined}
      backAction={{ content: t("nav.customers"), url: "/app/customers" }}
      secondaryActions={[{ content: t("customers.openInShopify"), url: shopifyAdminCustomerUrl(shop, detail.gid), target: "_top" }]}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Scores />
            <Explanation />
            <History />
            <Orders />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Alerts />
            <Pushed />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
