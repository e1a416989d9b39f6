/**
 * The dashboard: the score figures kept by the last rescoring (segments, CLV distributions, the RFM grid, the segment
 * migration matrix, the KPIs), worked out again only when the KPI windows changed since; with the VIPs' growth, the
 * model's health, the loyalty summary, the import and rescoring progress and the status counters, read as they are.
 */
import { db } from "../db.server.ts";
import { appTag } from "../loyalty/intended-state.ts";
import { loyaltyRulesOf } from "../loyalty/settings.server.ts";
import { loyaltySummary } from "../loyalty/loyalty-summary.server.ts";
import { keepRunFigures, lastRunFigures, scoreFigures, vipGrowth } from "../persistence/score-figures.server.ts";
import { shopOverview } from "../persistence/shop-overview.server.ts";
import { shopSettingsOf } from "../persistence/shop-settings.server.ts";
import { sameFiguresOptions, scoreFiguresOptionsOf } from "../scoring-jobs/dashboard-figures.server.ts";
import type { ModelHealth } from "../scoring-jobs/model-health.ts";
import { modelChoiceSummary } from "./model-choice-summary.ts";
import { workProgress } from "./work-progress.server.ts";

export async function dashboard(shop: string, now: Date) {
  const [overview, settings, rules, progress, lastRun, healthRun, choiceRun, kept, options, loyalty] = await Promise.all([
    shopOverview(shop),
    shopSettingsOf(shop),
    loyaltyRulesOf(shop),
    workProgress(shop),
    db.scoringRun.findFirst({
      where: { shop, status: "succeeded" },
      orderBy: { id: "desc" },
      omit: { dashboardJson: true, modelHealthJson: true, modelChoiceJson: true, modelParamsJson: true },
    }),
    db.scoringRun.findFirst({ where: { shop, status: "succeeded", modelHealthJson: { not: null } }, orderBy: { id: "desc" }, select: { modelHealthJson: true } }),
    db.scoringRun.findFirst({ where: { shop, status: "succeeded", modelChoiceJson: { not: null } }, orderBy: { id: "desc" }, select: { modelChoiceJson: true } }),
    lastRunFigures(shop),
    scoreFiguresOptionsOf(shop),
    loyaltySummary(shop, now),
  ]);
  let figures = kept?.figures ?? null;
  if (!figures || !sameFiguresOptions(figures.options, options)) {
    figures = await scoreFigures(shop, now, options);
    if (kept) await keepRunFigures(kept.runId, figures);
  }
  const vipRule = rules.rules.find((rule) => rule.id === rules.alerts.vipRule);
  const vip = vipRule ? await vipGrowth(shop, now, settings.migrationDays, appTag(rules.tagPrefix, vipRule.tag)) : null;
  return {
    overview,
    settings,
    progress,
    lastRun: lastRun && {
      finishedAt: lastRun.finishedAt?.toISOString() ?? null,
      customersScored: lastRun.customersScored,
      modelName: lastRun.modelName,
      modelMethod: lastRun.modelMethod,
      lowConfidence: lastRun.modelMethod === "pooled-prior",
    },
    health: healthRun?.modelHealthJson ? (JSON.parse(healthRun.modelHealthJson) as ModelHealth) : null,
    modelChoice: modelChoiceSummary(choiceRun?.modelChoiceJson ?? null),
    figuresAt: figures.at,
    segments: figures.segments,
    distributions: figures.distributions,
    rfmGrid: figures.rfmGrid,
    migration: figures.migration,
    kpis: { ...figures.kpis, vip },
    loyalty,
  };
}

export type Dashboard = Awaited<ReturnType<typeof dashboard>>;
