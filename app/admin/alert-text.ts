/** An early warning in words, from the figures that raised it (pure; app/loyalty/early-warnings.ts writes them). */
import type { Formats } from "../i18n/format.ts";
import type { Locale } from "../i18n/locale.ts";
import { segmentLabel } from "../i18n/segment-label.ts";
import type { MessageKey, Translate } from "../i18n/translate.ts";

const num = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : null);
const str = (value: unknown) => (typeof value === "string" ? value : "");

export function alertText(kind: string, detail: Record<string, unknown>, i18n: { t: Translate; f: Formats; locale: Locale }): string {
  const { t, f, locale } = i18n;
  const segment = segmentLabel(str(detail.segment), locale);
  switch (kind) {
    case "vip-lost":
      return t("alert.text.vip-lost", { tag: str(detail.tag), segment });
    case "at-risk":
      return t("alert.text.at-risk", { tag: str(detail.tag), segment });
    case "overdue":
      return t("alert.text.overdue", { days: f.number(num(detail.daysSinceLastOrder)), cycle: f.number(num(detail.expectedDaysBetweenOrders)) });
    case "p-alive-drop":
      return t("alert.text.p-alive-drop", { before: f.percent(num(detail.pAliveBefore)), after: f.percent(num(detail.pAlive)) });
    case "segment-shrank":
      return t("alert.text.segment-shrank", {
        segment,
        before: f.number(num(detail.before)),
        after: f.number(num(detail.after)),
        share: f.percent(num(detail.share)),
      });
    default:
      return kind;
  }
}

/** The alerts page's filter fields a link set wrongly (its URL parameters), named as the page labels them. */
export function alertFilterFields(params: readonly string[], t: Translate): string {
  const labels: Record<string, MessageKey> = { kind: "alerts.filter.kind", state: "alerts.filter.state", before: "alerts.filter.page" };
  return params.map((param) => (labels[param] ? t(labels[param]) : param)).join(", ");
}
