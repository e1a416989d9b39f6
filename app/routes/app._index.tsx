import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, DataTable, InlineGrid, InlineStack, Layout, Page, ProgressBar, Text } from "@shopify/polaris";
import { BarChart, LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
import { ClientOnly } from "../admin/client-only.tsx";
import { Figure } from "../admin/figure.tsx";
import { dashboard } from "../admin/dashboard.server.ts";
import { DownloadButton } from "../admin/download-button.tsx";
import { PageErrorBoundary } from "../admin/error-page.tsx";
import { RescoreNow } from "../admin/rescore-now.tsx";
import { useI18n } from "../i18n/i18n-context.tsx";
import { jobLabel } from "../i18n/job-label.ts";
import { segmentLabel } from "../i18n/segment-label.ts";
import type { MessageKey } from "../i18n/translate.ts";
import { installedJob } from "../jobs/catalog.ts";
import { jobs } from "../jobs/queue.server.ts";
import type { Comparison } from "../loyalty/holdout-report.ts";
import { modelLabel } from "../admin/model-label.ts";
import { healthGrade, totalError } from "../scoring-jobs/model-health.ts";
import { requestRescore } from "../scoring-jobs/jobs.server.ts";
import { authenticate } from "../shopify.server.ts";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [board, deadJobs] = await Promise.all([dashboard(session.shop, new Date()), jobs.deadJobs(session.shop, 10)]);
  return { ...board.overview, ...board, deadJobs };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  if ((await request.formData()).get("intent") === "rescore") {
    await requestRescore(session.shop, new Date());
    return null;
  }
  // "Retry the import": the installed job starts the backfill only when it failed (or never
  // started), and it is keyed by the shop, so a double click queues it once.
  await jobs.send(installedJob, { shop: session.shop });
  return null;
};

export const ErrorBoundary = PageErrorBoundary;

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function Chart(props: { label: string; height?: number; children: () => React.ReactNode }) {
  return (
    <div style={{ height: props.height ?? 240 }} role="img" aria-label={props.label}>
      <ClientOnly>{() => <PolarisVizProvider>{props.children()}</PolarisVizProvider>}</ClientOnly>
    </div>
  );
}

function Tile(props: { label: string; value: string; note?: string | undefined }) {
  return (
    <Card>
      <Figure {...props} />
    </Card>
  );
}

function Kpis({ data }: { data: Data }) {
  const { t, f } = useI18n();
  const { kpis, settings } = data;
  const profit = (minor: number) =>
    settings.marginPct === null ? undefined : t("dashboard.kpi.profit", { profit: f.moneyShort((minor * settings.marginPct) / 100) });
  return (
    <InlineGrid columns={{ xs: 1, sm: 2, md: 5 }} gap="400">
      <Tile label={t("dashboard.kpi.next90")} value={f.moneyShort(kpis.predictedRevenue90Minor)} note={profit(kpis.predictedRevenue90Minor)} />
      <Tile label={t("dashboard.kpi.next365")} value={f.moneyShort(kpis.predictedRevenue365Minor)} note={profit(kpis.predictedRevenue365Minor)} />
      <Tile label={t("dashboard.kpi.repeatRate")} value={f.percent(kpis.repeatRate, 1)} note={t("dashboard.kpi.repeatRateNote")} />
      <Tile
        label={t("dashboard.kpi.vipGrowth", { days: settings.migrationDays })}
        value={kpis.vip ? f.money(kpis.vip.grownMinor / kpis.vip.vips) : "–"}
        note={kpis.vip ? t("dashboard.kpi.vipGrowthNote", { count: kpis.vip.vips }) : t("dashboard.kpi.noVips")}
      />
      <Tile
        label={t("dashboard.kpi.retention", { days: settings.retentionDays })}
        value={kpis.atRiskRetention ? f.percent(kpis.atRiskRetention.retained / kpis.atRiskRetention.entered) : "–"}
        note={kpis.atRiskRetention ? t("dashboard.kpi.retentionNote", { count: kpis.atRiskRetention.entered }) : t("dashboard.kpi.retentionWait")}
      />
    </InlineGrid>
  );
}

function Segments({ data }: { data: Data }) {
  const { t, f, locale } = useI18n();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("dashboard.segments.title")}
        </Text>
        <Chart label={t("dashboard.segments.title")} height={40 + 28 * data.segments.length}>
          {() => (
            <BarChart
              theme="Light"
              direction="horizontal"
              data={[{ name: t("dashboard.segments.customers"), data: data.segments.map((s) => ({ key: segmentLabel(s.segment, locale), value: s.customers })) }]}
            />
          )}
        </Chart>
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric"]}
          headings={[t("customers.column.segment"), t("dashboard.segments.customers"), t("customers.column.historicClv"), t("customers.column.predictedClv")]}
          rows={data.segments.map((s) => [
            <Link key={s.segment} to={`/app/customers?segment=${encodeURIComponent(s.segment)}`}>
              {segmentLabel(s.segment, locale)}
            </Link>,
            f.number(s.customers),
            f.moneyShort(s.historicMinor),
            f.moneyShort(s.predictedMinor),
          ])}
        />
      </BlockStack>
    </Card>
  );
}

function Distributions({ data }: { data: Data }) {
  const { t, f } = useI18n();
  const series = (rows: Data["distributions"]["historic"]) =>
    rows.map((b) => ({ key: b.toMinor === null ? `${f.moneyShort(b.fromMinor)}+` : `${f.moneyShort(b.fromMinor)}–${f.moneyShort(b.toMinor)}`, value: b.customers }));
  return (
    <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
      {(["historic", "predicted"] as const).map((kind) => (
        <Card key={kind}>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {t(`dashboard.distribution.${kind}`)}
            </Text>
            <Chart label={t(`dashboard.distribution.${kind}`)} height={220}>
              {() => <BarChart theme="Light" showLegend={false} data={[{ name: t("dashboard.segments.customers"), data: series(data.distributions[kind]) }]} />}
            </Chart>
          </BlockStack>
        </Card>
      ))}
    </InlineGrid>
  );
}

function RfmGrid({ data }: { data: Data }) {
  const { t, f } = useI18n();
  const max = Math.max(1, ...data.rfmGrid.map((c) => c.customers));
  const cell = (r: number, fq: number) => data.rfmGrid.find((c) => c.r === r && c.f === fq);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("dashboard.rfm.title")}
        </Text>
        <Text as="p" variant="bodySm" tone="subdued">
          {t("dashboard.rfm.note")}
        </Text>
        <table style={{ borderCollapse: "separate", borderSpacing: 4, width: "100%" }}>
          <caption style={{ textAlign: "start", position: "absolute", width: 1, height: 1, overflow: "hidden" }}>{t("dashboard.rfm.title")}</caption>
          <thead>
            <tr>
              <th scope="col">
                <Text as="span" variant="bodySm" tone="subdued">
                  {t("dashboard.rfm.axes")}
                </Text>
              </th>
              {[1, 2, 3, 4, 5].map((fq) => (
                <th scope="col" key={fq}>
                  <Text as="span" variant="bodySm">{`F ${fq}`}</Text>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[5, 4, 3, 2, 1].map((r) => (
              <tr key={r}>
                <th scope="row">
                  <Text as="span" variant="bodySm">{`R ${r}`}</Text>
                </th>
                {[1, 2, 3, 4, 5].map((fq) => {
                  const c = cell(r, fq);
                  const share = (c?.customers ?? 0) / max;
                  return (
                    <td key={fq} style={{ background: `rgba(0, 91, 211, ${0.08 + 0.8 * share})`, borderRadius: 6, padding: 0, textAlign: "center" }}>
                      {c ? (
                        <Link
                          to={`/app/customers?r=${r}&f=${fq}`}
                          aria-label={t("dashboard.rfm.cell", { r, f: fq, count: c.customers })}
                          style={{ display: "block", padding: "10px 4px", color: share > 0.45 ? "#fff" : "#1a1a1a", textDecoration: "none" }}
                        >
                          <strong>{f.number(c.customers)}</strong>
                          <br />
                          <small>{f.moneyShort(c.predictedMinor)}</small>
                        </Link>
                      ) : (
                        <span style={{ display: "block", padding: "10px 4px", color: "#616161" }}>–</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </BlockStack>
    </Card>
  );
}

function Migration({ data }: { data: Data }) {
  const { t, f, locale } = useI18n();
  const targets = [...new Set(data.migration.map((m) => m.to))].sort();
  const sources = [...new Set(data.migration.map((m) => m.from ?? ""))].sort();
  const count = (from: string, to: string) => data.migration.find((m) => (m.from ?? "") === from && m.to === to)?.customers ?? 0;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("dashboard.migration.title", { days: data.settings.migrationDays })}
        </Text>
        <Text as="p" variant="bodySm" tone="subdued">
          {t("dashboard.migration.note")}
        </Text>
        {data.migration.length === 0 ? (
          <Text as="p">{t("dashboard.notScored")}</Text>
        ) : (
          <DataTable
            columnContentTypes={["text", ...targets.map(() => "numeric" as const)]}
            headings={[t("dashboard.migration.fromTo"), ...targets.map((to) => segmentLabel(to, locale))]}
            rows={sources.map((from) => [
              from ? segmentLabel(from, locale) : t("dashboard.migration.new"),
              ...targets.map((to) => (count(from, to) ? f.number(count(from, to)) : "·")),
            ])}
          />
        )}
      </BlockStack>
    </Card>
  );
}

function ModelHealthCard({ data }: { data: Data }) {
  const { t, f } = useI18n();
  const health = data.health;
  if (!health) {
    return (
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            {t("dashboard.health.title")}
          </Text>
          <Text as="p">{data.lastRun ? t("dashboard.health.tooShort") : t("dashboard.notScored")}</Text>
        </BlockStack>
      </Card>
    );
  }
  const grade = healthGrade(health);
  const error = totalError(health);
  const weeks = Math.round(health.holdoutDays / 7);
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t("dashboard.health.title")}
          </Text>
          <Badge tone={grade === "good" ? "success" : grade === "fair" ? "attention" : grade === "poor" ? "critical" : undefined}>
            {t(`dashboard.health.grade.${grade}` as MessageKey)}
          </Badge>
        </InlineStack>
        <Text as="p">
          {t("dashboard.health.sentence", {
            predicted: f.number(health.total.predicted),
            weeks,
            actual: f.number(health.total.actual),
            error: error === null ? "–" : f.percent(Math.abs(error), 1),
            direction: error !== null && error < 0 ? t("dashboard.health.under") : t("dashboard.health.over"),
          })}
        </Text>
        <Chart label={t("dashboard.health.chart")}>
          {() => (
            <LineChart
              theme="Light"
              data={[
                { name: t("dashboard.health.actual"), data: health.weeks.map((w) => ({ key: f.day(w.end), value: Math.round(w.actual) })) },
                { name: t("dashboard.health.predicted"), data: health.weeks.map((w) => ({ key: f.day(w.end), value: Math.round(w.predicted) })) },
              ]}
            />
          )}
        </Chart>
        <Text as="p" variant="bodySm" tone="subdued">
          {t("dashboard.health.how", { from: f.day(health.calibrationEnd), model: modelLabel(health.model) })}
          {health.sample === undefined
            ? null
            : ` ${t("dashboard.health.sample", { sample: f.number(health.sample.customers), customers: f.number(health.sample.of) })}`}
        </Text>
        <ModelChoiceDetails data={data} />
      </BlockStack>
    </Card>
  );
}

/** How the shop's model was chosen: the reason in words and each candidate's backtest on the same holdout. */
function ModelChoiceDetails({ data }: { data: Data }) {
  const { t, f } = useI18n();
  const choice = data.modelChoice;
  if (!choice) return null;
  const weeks = choice.holdoutDays === null ? 0 : Math.round(choice.holdoutDays / 7);
  const values = { model: modelLabel(choice.chosen), previous: choice.previous ? modelLabel(choice.previous) : "", weeks, count: choice.candidates.length };
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {t("dashboard.choice.title")}
      </Text>
      <Text as="p">{t(`dashboard.choice.reason.${choice.reason}` as MessageKey, values)}</Text>
      {choice.candidates.length > 0 ? (
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric", "text"]}
          headings={[
            t("dashboard.choice.model"),
            t("dashboard.choice.predicted"),
            t("dashboard.choice.actual"),
            t("dashboard.choice.error"),
            t("dashboard.choice.verdict"),
          ]}
          rows={choice.candidates.map((c) => [
            modelLabel(c.model),
            f.number(Math.round(c.predicted)),
            f.number(Math.round(c.actual)),
            c.error === null ? "–" : `${c.error > 0 ? "+" : ""}${f.percent(c.error, 1)}`,
            t(`dashboard.choice.status.${c.status}` as MessageKey),
          ])}
        />
      ) : null}
      {choice.calibrationEnd ? (
        <Text as="p" variant="bodySm" tone="subdued">
          {t("dashboard.choice.how", { from: f.day(choice.calibrationEnd), weeks })}
        </Text>
      ) : null}
    </BlockStack>
  );
}

function Status({ data }: { data: Data }) {
  const { t, f } = useI18n();
  const backfill = data.backfill;
  const done = backfill?.status === "completed";
  const share = data.progress.backfill?.share;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t("dashboard.status.title")}
          </Text>
          <Badge tone={backfill?.status === "failed" ? "critical" : done ? "success" : "info"}>
            {t(`dashboard.status.import.${backfill?.status ?? "pending"}` as MessageKey)}
          </Badge>
        </InlineStack>
        {!done && backfill?.status !== "failed" ? (
          <BlockStack gap="100">
            <ProgressBar progress={share === null || share === undefined ? 0 : Math.round(share * 100)} size="small" animated={false} />
            <Text as="p" variant="bodySm">
              {backfill?.rowsTotal
                ? t("dashboard.status.rows", { done: f.number(backfill.rowsDone), total: f.number(backfill.rowsTotal) })
                : t("dashboard.status.preparing")}
            </Text>
          </BlockStack>
        ) : null}
        {backfill?.error ? (
          <Form method="post">
            <BlockStack gap="200">
              <Text as="p" tone="critical">
                {backfill.error}
              </Text>
              <div>
                <Button submit>{t("dashboard.status.retry")}</Button>
              </div>
            </BlockStack>
          </Form>
        ) : null}
        <Text as="p" variant="bodySm" tone="subdued">
          {t("dashboard.status.counts", {
            customers: f.number(data.customers),
            orders: f.number(data.orders),
            applied: f.number(data.webhooks.done ?? 0),
            waiting: f.number(data.webhooks.pending ?? 0),
            failed: f.number(data.webhooks.failed ?? 0),
          })}
        </Text>
        {data.lastRun?.lowConfidence ? <Badge tone="warning">{t("customer.lowConfidence")}</Badge> : null}
        <RescoreNow initial={data.progress} />
      </BlockStack>
    </Card>
  );
}

function difference(comparison: Comparison, t: (key: MessageKey, values?: Record<string, string | number>) => string): string {
  if (comparison.state !== "ready") return t("dashboard.loyalty.notEnough");
  const points = (share: number) => `${share >= 0 ? "+" : "−"}${Math.abs(share * 100).toFixed(1)}`;
  return t("dashboard.loyalty.points", { diff: points(comparison.difference), low: points(comparison.low), high: points(comparison.high) });
}

function Loyalty({ data }: { data: Data }) {
  const { t, f } = useI18n();
  const { loyalty } = data;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("dashboard.loyalty.title")}
        </Text>
        {loyalty.rules.length === 0 ? (
          <Text as="p">{t("dashboard.loyalty.none")}</Text>
        ) : (
          <DataTable
            columnContentTypes={["text", "numeric", "numeric", "numeric", "text", "text"]}
            headings={[
              t("customer.codes.rule"),
              t("dashboard.loyalty.treated"),
              t("dashboard.loyalty.control"),
              t("dashboard.loyalty.used"),
              t("dashboard.loyalty.orderedAgain"),
              t("dashboard.loyalty.difference"),
            ]}
            rows={loyalty.rules.map((rule) => [
              rule.current ? rule.ruleId : t("dashboard.loyalty.removed", { rule: rule.ruleId }),
              f.number(rule.treated),
              f.number(rule.control),
              `${f.number(rule.redemptions)} (${f.money(rule.redeemedNetMinor)})`,
              t("dashboard.loyalty.versus", { treated: f.percent(rule.treatedRepeatRate, 1), control: f.percent(rule.controlRepeatRate, 1) }),
              difference(rule.repeatRate, t),
            ])}
          />
        )}
        <Text as="p" variant="bodySm" tone="subdued">
          {t("dashboard.loyalty.note")}
        </Text>
        <InlineStack gap="300" blockAlign="center">
          <Link to="/app/alerts">
            {Object.keys(loyalty.alerts).length === 0
              ? t("dashboard.loyalty.noAlerts", { days: loyalty.alertDays })
              : t("dashboard.loyalty.alerts", {
                  days: loyalty.alertDays,
                  list: Object.entries(loyalty.alerts)
                    .map(([kind, count]) => `${t(`alert.kind.${kind}` as MessageKey)} ${count}`)
                    .join(", "),
                })}
          </Link>
          <DownloadButton href="/app/audit.csv">{t("dashboard.loyalty.audit")}</DownloadButton>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

function Housekeeping({ data }: { data: Data }) {
  const { t, f, locale } = useI18n();
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {t("dashboard.requests.title")}
        </Text>
        {data.dataRequests.length === 0 ? (
          <Text as="p">{t("dashboard.requests.none")}</Text>
        ) : (
          data.dataRequests.map((request) => (
            <DownloadButton key={request.id} href={`/app/data-requests/${request.id}`}>
              {t("dashboard.requests.one", { id: request.requestId, at: f.dateTime(request.createdAt) })}
            </DownloadButton>
          ))
        )}
        {data.deadJobs.length > 0 ? (
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              {t("dashboard.deadJobs.title", { count: data.deadJobs.length })}
            </Text>
            <Text as="p" variant="bodySm">
              {t("dashboard.deadJobs.note")}
            </Text>
            <DataTable
              columnContentTypes={["text", "text", "numeric", "text"]}
              headings={[t("dashboard.deadJobs.work"), t("dashboard.deadJobs.stopped"), t("dashboard.deadJobs.tries"), t("dashboard.deadJobs.why")]}
              rows={data.deadJobs.map((job) => [jobLabel(job.name, locale), f.dateTime(job.failedAt), job.attempts, job.error])}
            />
          </BlockStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}

export default function Home() {
  const { t } = useI18n();
  const data = useLoaderData<typeof loader>();
  const scored = data.segments.length > 0;
  return (
    <Page title={t("dashboard.title")} fullWidth>
      <Layout>
        <Layout.Section>
          <Status data={data} />
        </Layout.Section>
        {scored ? (
          <>
            <Layout.Section>
              <Kpis data={data} />
            </Layout.Section>
            <Layout.Section>
              <InlineGrid columns={{ xs: 1, lg: 2 }} gap="400">
                <Segments data={data} />
                <RfmGrid data={data} />
              </InlineGrid>
            </Layout.Section>
            <Layout.Section>
              <Distributions data={data} />
            </Layout.Section>
            <Layout.Section>
              <InlineGrid columns={{ xs: 1, lg: 2 }} gap="400">
                <ModelHealthCard data={data} />
                <Migration data={data} />
              </InlineGrid>
            </Layout.Section>
          </>
        ) : (
          <Layout.Section>
            <Card>
              <Box padding="400">
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    {t("dashboard.empty.title")}
                  </Text>
                  <Text as="p">{data.backfill?.status === "running" ? t("dashboard.empty.importing") : t("dashboard.empty.body")}</Text>
                </BlockStack>
              </Box>
            </Card>
          </Layout.Section>
        )}
        <Layout.Section>
          <Loyalty data={data} />
        </Layout.Section>
        <Layout.Section>
          <Housekeeping data={data} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
