import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  DataTable,
  FormLayout,
  InlineError,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { PageErrorBoundary } from "../admin/error-page.tsx";
import { RescoreNow } from "../admin/rescore-now.tsx";
import { fieldErrorText } from "../admin/settings-errors.ts";
import { segmentCellField } from "../admin/settings-form.ts";
import { saveSettingsForm, settingsPage } from "../admin/settings-page.server.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import { segmentLabel } from "../i18n/segment-label.ts";
import { authenticate } from "../shopify.server.ts";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return settingsPage(session.shop);
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return saveSettingsForm(session.shop, await request.formData(), new Date());
};

export const ErrorBoundary = PageErrorBoundary;

export default function Settings() {
  const { t, locale } = useI18n();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [values, setValues] = useState(data.values);
  const errors = result && !result.saved ? result.errors : {};
  // Each field's error in the admin's language.
  const error = (name: string) => {
    const found = errors[name];
    return found ? fieldErrorText(found, locale) : undefined;
  };
  // After a save the loader's values are the saved ones; a refused save keeps what the merchant typed, to correct it.
  const refused = result !== undefined && !result.saved;
  useEffect(() => {
    if (!refused) setValues(data.values);
  }, [data.values, refused]);
  const text = (name: string, label: string, extra: Partial<React.ComponentProps<typeof TextField>> = {}) => (
    <TextField
      label={label}
      name={name}
      value={values[name] ?? ""}
      onChange={(value) => setValues((current) => ({ ...current, [name]: value }))}
      error={error(name)}
      autoComplete="off"
      {...extra}
    />
  );
  const check = (name: string, label: string, helpText?: string) => (
    <Checkbox
      label={label}
      name={name}
      value="on"
      checked={values[name] === "on"}
      onChange={(checked) => setValues((current) => ({ ...current, [name]: checked ? "on" : "" }))}
      error={error(name)}
      helpText={helpText}
    />
  );
  const ruleOptions = [{ value: "", label: t("settings.alerts.none") }, ...data.ruleIds.map((id) => ({ value: id, label: id }))];
  const select = (name: string, label: string, options: { value: string; label: string }[]) => (
    <Select
      label={label}
      name={name}
      options={options}
      value={values[name] ?? ""}
      onChange={(value) => setValues((current) => ({ ...current, [name]: value }))}
      error={error(name)}
    />
  );
  const grid = data.segmentGrid;
  const segmentOptions = grid.segments.map((name) => ({ value: name, label: segmentLabel(name, locale) }));
  const resetGrid = () =>
    setValues((current) => {
      const next = { ...current };
      grid.defaults.forEach((row, i) => {
        row.forEach((name, j) => {
          next[segmentCellField(i, j)] = name;
        });
      });
      return next;
    });
  const saving = navigation.state === "submitting" && navigation.formMethod?.toLowerCase() === "post" && navigation.formAction === "/app/settings";
  return (
    <Page title={t("nav.settings")} backAction={{ content: t("nav.dashboard"), url: "/app" }}>
      <Form method="post" action="/app/settings" aria-label={t("nav.settings")}>
        <input type="hidden" name="ruleCount" value={values.ruleCount} />
        <Layout>
          {result?.saved ? (
            <Layout.Section>
              <Banner tone="success" title={t(result.rescoring ? "settings.savedRescoring" : "settings.saved")} />
            </Layout.Section>
          ) : null}
          {result && !result.saved ? (
            <Layout.Section>
              <Banner tone="critical" title={t("settings.invalid", { count: Object.keys(errors).length })}>
                <p>{t("settings.nothingSaved")}</p>
              </Banner>
            </Layout.Section>
          ) : null}
          <Layout.AnnotatedSection title={t("settings.tags.title")} description={t("settings.tags.description")}>
            <Card>
              <FormLayout>
                {text("tagPrefix", t("settings.tags.prefix"), { helpText: t("settings.tags.prefixHelp") })}
                {check("segmentTags", t("settings.tags.segmentTags"), t("settings.tags.segmentTagsHelp", { prefix: values.tagPrefix ?? "crm" }))}
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection title={t("settings.rules.title")} description={t("settings.rules.description")}>
            <BlockStack gap="400">
              {data.ruleIds.map((id, i) => (
                <Card key={id}>
                  <BlockStack gap="300">
                    <input type="hidden" name={`rules.${i}.id`} value={id} />
                    <Text as="h3" variant="headingSm">
                      {t("settings.rules.rule", { id })}
                    </Text>
                    <FormLayout>
                      {check(`rules.${i}.enabled`, t("settings.rules.enabled"))}
                      {text(`rules.${i}.tag`, t("settings.rules.tag"), { prefix: `${values.tagPrefix || "crm"}-` })}
                      {text(`rules.${i}.when`, t("settings.rules.when"), { multiline: 4, monospaced: true, helpText: t("settings.rules.whenHelp") })}
                      {check(`rules.${i}.offer`, t("settings.rules.offer"))}
                      {values[`rules.${i}.offer`] === "on" ? (
                        <FormLayout.Group>
                          {text(`rules.${i}.offer.percentOff`, t("settings.rules.percentOff"), { type: "number", suffix: "%" })}
                          {text(`rules.${i}.offer.validDays`, t("settings.rules.validDays"), { type: "number" })}
                          {select(`rules.${i}.offer.codes`, t("settings.rules.codes"), [
                            { value: "per-shopper", label: t("settings.rules.codesPerShopper") },
                            { value: "per-segment", label: t("settings.rules.codesPerSegment") },
                          ])}
                          {text(`rules.${i}.offer.holdoutShare`, t("settings.rules.holdout"), {
                            type: "number",
                            suffix: "%",
                            helpText: t("settings.rules.holdoutHelp"),
                          })}
                        </FormLayout.Group>
                      ) : null}
                    </FormLayout>
                  </BlockStack>
                </Card>
              ))}
            </BlockStack>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection title={t("settings.alerts.title")} description={t("settings.alerts.description")}>
            <Card>
              <FormLayout>
                <FormLayout.Group>
                  {select("alerts.vipRule", t("settings.alerts.vipRule"), ruleOptions)}
                  {select("alerts.atRiskRule", t("settings.alerts.atRiskRule"), ruleOptions)}
                </FormLayout.Group>
                {text("alerts.minPredictedClvPercentile", t("settings.alerts.minPercentile"), { type: "number", helpText: t("settings.alerts.minPercentileHelp") })}
                <FormLayout.Group>
                  {text("alerts.overdue", t("settings.alerts.overdue"), { type: "number", helpText: t("settings.alerts.offWhenEmpty") })}
                  {text("alerts.pAliveDrop", t("settings.alerts.pAliveDrop"), {
                    type: "number",
                    suffix: t("settings.alerts.points"),
                    helpText: t("settings.alerts.offWhenEmpty"),
                  })}
                  {text("alerts.segmentShrink", t("settings.alerts.segmentShrink"), { type: "number", suffix: "%", helpText: t("settings.alerts.offWhenEmpty") })}
                </FormLayout.Group>
                {check("alerts.flow", t("settings.alerts.flow"))}
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection title={t("settings.dashboard.title")} description={t("settings.dashboard.description")}>
            <Card>
              <FormLayout>
                {text("marginPct", t("settings.dashboard.margin"), { type: "number", suffix: "%", helpText: t("settings.dashboard.marginHelp") })}
                <FormLayout.Group>
                  {text("retentionDays", t("settings.dashboard.retentionDays"), { type: "number", suffix: t("settings.days") })}
                  {text("migrationDays", t("settings.dashboard.migrationDays"), { type: "number", suffix: t("settings.days") })}
                </FormLayout.Group>
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("settings.segments.title")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("settings.segments.description")}
                </Text>
                <DataTable
                  columnContentTypes={["text", "text", "text", "text", "text"]}
                  headings={[t("settings.segments.corner"), ...grid.fmBands.map(([low, high]) => t("settings.segments.fm", { low, high }))]}
                  rows={grid.recency.map((r, i) => [
                    t("settings.segments.r", { r }),
                    ...grid.fmBands.map(([low, high], j) => (
                      <Select
                        key={segmentCellField(i, j)}
                        label={t("settings.segments.cell", { r, low, high })}
                        labelHidden
                        name={segmentCellField(i, j)}
                        options={segmentOptions}
                        value={values[segmentCellField(i, j)] ?? ""}
                        onChange={(value) => setValues((current) => ({ ...current, [segmentCellField(i, j)]: value }))}
                        error={error(segmentCellField(i, j))}
                      />
                    )),
                  ])}
                />
                {errors.segments ? <InlineError message={error("segments") ?? ""} fieldID="segments" /> : null}
                <InlineStack align="space-between" blockAlign="center" gap="200">
                  <Text as="p" tone="subdued">
                    {t("settings.segments.prospects", { segment: segmentLabel("Prospects", locale) })}
                  </Text>
                  <Button onClick={resetGrid}>{t("settings.segments.reset")}</Button>
                </InlineStack>
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.AnnotatedSection title={t("settings.rescoring.title")} description={t("settings.rescoring.description")}>
            <Card>
              <FormLayout>{text("dailyRescoreAt", t("settings.rescoring.dailyAt"), { type: "time", helpText: t("settings.rescoring.dailyAtHelp") })}</FormLayout>
            </Card>
          </Layout.AnnotatedSection>
          <Layout.Section>
            <InlineGrid columns="1fr auto">
              <span />
              <Button submit variant="primary" loading={saving}>
                {t("settings.save")}
              </Button>
            </InlineGrid>
          </Layout.Section>
        </Layout>
      </Form>
      <div style={{ marginTop: 24 }}>
        <Layout>
          <Layout.AnnotatedSection title={t("rescore.button")} description={t("settings.rescoring.nowDescription")}>
            <Card>
              <RescoreNow initial={data.progress} />
            </Card>
          </Layout.AnnotatedSection>
        </Layout>
      </div>
    </Page>
  );
}
