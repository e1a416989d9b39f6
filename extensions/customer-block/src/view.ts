/**
 * What the block shows, as plain data: the load state and the answer turned into words, money and dates in the
 * admin's language (through `shopify.i18n`), the shop's currency and its time zone. Pure, so every state can be
 * tested without rendering; CustomerBlock.tsx only lays it out.
 */
import type { I18n } from "@shopify/ui-extensions/admin";
import type { ScoredAnswer } from "./answer.ts";
import type { LoadState } from "./load.ts";

/** The part of `shopify.i18n` the block uses, with plain string and number replacements. */
export interface BlockI18n extends Pick<I18n, "formatCurrency" | "formatNumber" | "formatDate"> {
  translate(key: string, replacements?: Readonly<Record<string, string | number>>): string;
}

export type Tone = "neutral" | "info" | "success" | "caution" | "warning" | "critical";

export interface Figure {
  readonly key: string;
  readonly label: string;
  readonly value: string;
  readonly note: string | null;
}

export type BlockView =
  | { readonly kind: "loading"; readonly heading: string; readonly text: string }
  | { readonly kind: "message"; readonly heading: string; readonly tone: "info" | "critical"; readonly title: string; readonly text: string }
  | {
      readonly kind: "scores";
      readonly heading: string;
      readonly segment: { readonly label: string; readonly value: string; readonly tone: Tone };
      readonly figures: readonly Figure[];
      readonly footnote: string;
      readonly appLink: { readonly label: string; readonly href: string } | null;
    };

/** Shopify's 11 RFM group names, their locale keys and badge tones. */
const SEGMENTS: Record<string, { key: string; tone: Tone }> = {
  Champions: { key: "champions", tone: "success" },
  Loyal: { key: "loyal", tone: "success" },
  Active: { key: "active", tone: "info" },
  Promising: { key: "promising", tone: "info" },
  New: { key: "new", tone: "info" },
  "Needs attention": { key: "needsAttention", tone: "caution" },
  "At risk": { key: "atRisk", tone: "warning" },
  "Previously loyal": { key: "previouslyLoyal", tone: "warning" },
  "Almost lost": { key: "almostLost", tone: "critical" },
  Dormant: { key: "dormant", tone: "neutral" },
  Prospects: { key: "prospects", tone: "neutral" },
};

const CUSTOMER_GID = /^gid:\/\/shopify\/Customer\/(\d+)$/;

function money(i18n: BlockI18n, answer: ScoredAnswer, minor: string): string {
  const digits = answer.currency?.minorDigits ?? 2;
  const major = Number(minor) / 10 ** digits;
  return answer.currency
    ? i18n.formatCurrency(major, { currency: answer.currency.code })
    : i18n.formatNumber(major, { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function percent(i18n: BlockI18n, share: number): string {
  return i18n.translate("percent", { value: i18n.formatNumber(Math.round(share * 100)) });
}

/** A shop calendar day as it is: formatted at UTC midnight in UTC, so no time zone moves it to another day. */
function day(i18n: BlockI18n, ymd: string): string {
  return i18n.formatDate(new Date(`${ymd}T00:00:00Z`), { timeZone: "UTC", dateStyle: "medium" });
}

function interval(i18n: BlockI18n, low: string | null, high: string | null): string | null {
  return low === null || high === null ? null : i18n.translate("interval", { low, high });
}

function scores(i18n: BlockI18n, answer: ScoredAnswer, customerGid: string | undefined): BlockView {
  const t = i18n.translate;
  const none = t("notAvailable");
  const timeZone = answer.timeZone ?? "UTC";
  const known = SEGMENTS[answer.segment];
  const { r, f, m } = answer.rfm;
  const rfm: Figure =
    r === null || f === null || m === null
      ? { key: "rfm", label: t("rfm.label"), value: none, note: t("rfm.noOrders") }
      : { key: "rfm", label: t("rfm.label"), value: t("rfm.value", { r, f, m }), note: null };
  const predicted = answer.predictedClv;
  const alive = answer.pAlive;
  const offer = answer.activeOffer;
  const legacyId = CUSTOMER_GID.exec(customerGid ?? "")?.[1];
  return {
    kind: "scores",
    heading: t("heading"),
    segment: { label: t("segment.label"), value: known ? t(`segment.${known.key}`) : answer.segment, tone: known?.tone ?? "neutral" },
    figures: [
      rfm,
      { key: "historicClv", label: t("historicClv"), value: money(i18n, answer, answer.historicClvMinor), note: null },
      {
        key: "predictedClv",
        label: t("predictedClv"),
        value: predicted ? money(i18n, answer, predicted.minor) : none,
        note: predicted
          ? interval(
              i18n,
              predicted.lowMinor === null ? null : money(i18n, answer, predicted.lowMinor),
              predicted.highMinor === null ? null : money(i18n, answer, predicted.highMinor),
            )
          : null,
      },
      {
        key: "pAlive",
        label: t("pAlive"),
        value: alive ? percent(i18n, alive.value) : none,
        note: alive ? interval(i18n, alive.low === null ? null : percent(i18n, alive.low), alive.high === null ? null : percent(i18n, alive.high)) : null,
      },
      {
        key: "nextOrder",
        label: t("nextOrder.label"),
        value: answer.expectedNextPurchaseOn ? day(i18n, answer.expectedNextPurchaseOn) : t("nextOrder.none"),
        note: null,
      },
      {
        key: "offer",
        label: t("offer.label"),
        value: offer ? offer.code : t("offer.none"),
        note: offer
          ? t("offer.note", { percent: i18n.formatNumber(offer.percentOff), date: i18n.formatDate(new Date(offer.endsAt), { timeZone, dateStyle: "medium" }) })
          : null,
      },
    ],
    footnote: t("scoredAt", { date: i18n.formatDate(new Date(answer.scoredAt), { timeZone, dateStyle: "medium", timeStyle: "short" }) }),
    appLink: legacyId ? { label: t("openInApp"), href: `app:customers/${legacyId}` } : null,
  };
}

function failure(i18n: BlockI18n, state: Extract<LoadState, { phase: "failed" }>): string {
  const t = i18n.translate;
  switch (state.reason) {
    case "no-customer":
      return t("error.noCustomer");
    case "network":
      return state.detail ? t("error.networkDetail", { detail: state.detail }) : t("error.network");
    case "bad-answer":
      return t("error.badAnswer", { status: state.httpStatus ?? 0 });
    case "http":
      return state.detail ? t("error.httpDetail", { status: state.httpStatus ?? 0, detail: state.detail }) : t("error.http", { status: state.httpStatus ?? 0 });
  }
}

export function blockView(state: LoadState, i18n: BlockI18n, customerGid: string | undefined): BlockView {
  const t = i18n.translate;
  const heading = t("heading");
  if (state.phase === "loading") return { kind: "loading", heading, text: t("loading") };
  if (state.phase === "failed") return { kind: "message", heading, tone: "critical", title: t("error.title"), text: failure(i18n, state) };
  if (state.answer.status === "not-scored") return { kind: "message", heading, tone: "info", title: t("notScored.title"), text: t("notScored.text") };
  return scores(i18n, state.answer, customerGid);
}
