import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, DataTable, Layout, Page, ProgressBar, Text } from "@shopify/polaris";
import { installedJob, jobTitle } from "../jobs/catalog.ts";
import { jobs } from "../jobs/queue.server.ts";
import type { Comparison } from "../loyalty/holdout-report.ts";
import { loyaltySummary } from "../loyalty/loyalty-summary.server.ts";
import { shopScoreOverview } from "../persistence/customer-scores.server.ts";
import { shopOverview } from "../persistence/shop-overview.server.ts";
import { requestRescore } from "../scoring-jobs/jobs.server.ts";
import { authenticate } from "../shopify.server.ts";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [overview, scoring, deadJobs, loyalty] = await Promise.all([
    shopOverview(session.shop),
    shopScoreOverview(session.shop),
    jobs.deadJobs(session.shop, 10),
    loyaltySummary(session.shop, new Date()),
  ]);
  return { ...overview, scoring, deadJobs, loyalty };
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

export default function Home() {
  const overview = useLoaderData<typeof loader>();
  const { backfill, scoring, deadJobs, loyalty } = overview;
  const money = (minor: number) => new Intl.NumberFormat(undefined, { style: "currency", currency: overview.currencyCode ?? "USD" }).format(minor / 100);
  const percent = backfill?.rowsTotal ? Math.round((100 * backfill.rowsDone) / backfill.rowsTotal) : 0;
  return (
    <Page title="Customer lifetime value">
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                History import <Badge>{backfill?.status ?? "not started"}</Badge>
              </Text>
              <ProgressBar progress={backfill?.status === "completed" ? 100 : percent} />
              <Text as="p" variant="bodyMd">
                {backfill?.rowsTotal === null || backfill === null
                  ? "Shopify is preparing the shop's orders and customers."
                  : `${backfill.rowsDone.toLocaleString()} of ${backfill.rowsTotal.toLocaleString()} records imported.`}
              </Text>
              {backfill?.error ? (
                <Form method="post">
                  <BlockStack gap="200">
                    <Text as="p" tone="critical">
                      {backfill.error}
                    </Text>
                    <Button submit>Retry the import</Button>
                  </BlockStack>
                </Form>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <DataTable
              columnContentTypes={["text", "numeric"]}
              headings={["Kept for this shop", "Count"]}
              rows={[
                ["Customers", overview.customers],
                ["Orders", overview.orders],
                ["Webhooks applied", overview.webhooks.done ?? 0],
                ["Webhooks waiting", overview.webhooks.pending ?? 0],
                ["Webhooks failed", overview.webhooks.failed ?? 0],
              ]}
            />
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Scores{" "}
                <Badge tone={scoring.lastRun?.status === "failed" ? "critical" : undefined}>{scoring.lastRun ? scoring.lastRun.status : "not scored yet"}</Badge>
              </Text>
              <Text as="p" variant="bodyMd">
                {scoring.lastRun
                  ? `Last rescoring (${scoring.lastRun.trigger}) began ${new Date(scoring.lastRun.startedAt).toLocaleString()}` +
                    (scoring.lastRun.customersScored === null ? "." : `: ${scoring.lastRun.customersScored.toLocaleString()} customers.`) +
                    (scoring.lastRun.modelMethod === "pooled-prior" ? " Too little history for a fit of its own: low confidence." : "")
                  : "Customers are scored after the history import, after new orders, and daily."}
              </Text>
              {scoring.lastRun?.error ? (
                <Text as="p" tone="critical">
                  {scoring.lastRun.error}
                </Text>
              ) : null}
              {scoring.segments.length > 0 ? (
                <DataTable
                  columnContentTypes={["text", "numeric"]}
                  headings={["Segment", "Customers"]}
                  rows={scoring.segments.map((row) => [row.segment, row.customers])}
                />
              ) : null}
              <Form method="post">
                <input type="hidden" name="intent" value="rescore" />
                <Button submit>Rescore now</Button>
              </Form>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Loyalty offers
              </Text>
              {loyalty.rules.length === 0 ? (
                <Text as="p">No offer yet: codes go out after the first rescoring.</Text>
              ) : (
                <DataTable
                  columnContentTypes={["text", "numeric", "numeric", "numeric", "text", "text"]}
                  headings={["Rule", "With a code", "Control", "Codes used", "Ordered again", "Difference (95%)"]}
                  rows={loyalty.rules.map((rule) => [
                    rule.current ? rule.ruleId : `${rule.ruleId} (removed)`,
                    rule.treated,
                    rule.control,
                    `${rule.redemptions} (${money(rule.redeemedNetMinor)})`,
                    `${percent1(rule.treatedRepeatRate)} vs ${percent1(rule.controlRepeatRate)}`,
                    difference(rule.repeatRate),
                  ])}
                />
              )}
              <Text as="p" variant="bodySm" tone="subdued">
                Ordered again: the share of shoppers given a code who ordered since, against the control group, who got none.
              </Text>
              <Text as="p" variant="bodyMd">
                {Object.keys(loyalty.alerts).length === 0
                  ? `No early warning in the last ${loyalty.alertDays} days.`
                  : `Early warnings in the last ${loyalty.alertDays} days: ${Object.entries(loyalty.alerts)
                      .map(([kind, count]) => `${ALERT_NAMES[kind] ?? kind} ${count}`)
                      .join(", ")}.`}
              </Text>
              <a href="/app/audit.csv" download>
                Download what the app pushed to the store in the last 90 days (CSV)
              </a>
            </BlockStack>
          </Card>
        </Layout.Section>
        {deadJobs.length > 0 ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Background work that stopped <Badge tone="critical">{String(deadJobs.length)}</Badge>
                </Text>
                <Text as="p" variant="bodyMd">
                  These jobs failed and will not be tried again on their own; the app tries the same work again on the next change, import or daily rescoring.
                </Text>
                <DataTable
                  columnContentTypes={["text", "text", "numeric", "text"]}
                  headings={["Work", "Stopped", "Tries", "Why"]}
                  rows={deadJobs.map((job) => [jobTitle(job.name), new Date(job.failedAt).toLocaleString(), job.attempts, job.error])}
                />
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Customer data requests
              </Text>
              {overview.dataRequests.length === 0 ? (
                <Text as="p">No customer has asked for their data.</Text>
              ) : (
                overview.dataRequests.map((request) => (
                  <a key={request.id} href={`/app/data-requests/${request.id}`} download>
                    Request {request.requestId} ({new Date(request.createdAt).toLocaleDateString()})
                  </a>
                ))
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

const ALERT_NAMES: Readonly<Record<string, string>> = {
  "vip-lost": "VIP lost",
  "at-risk": "became at risk",
  overdue: "overdue",
  "p-alive-drop": "P(alive) dropped",
  "segment-shrank": "group shrank",
};

function percent1(share: number | null): string {
  return share === null ? "–" : `${(share * 100).toFixed(1)}%`;
}

/** A difference of repeat rates in percentage points with its interval, or why there is none yet. */
function difference(comparison: Comparison): string {
  if (comparison.state !== "ready") return "Not enough shoppers yet";
  const points = (share: number) => `${share >= 0 ? "+" : "−"}${Math.abs(share * 100).toFixed(1)}`;
  return `${points(comparison.difference)} pts (${points(comparison.low)} to ${points(comparison.high)})`;
}
