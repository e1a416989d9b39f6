import { expect, test } from "vitest";
import { parseAnswer, type ScoredAnswer } from "./answer.ts";
import { blockView } from "./view.ts";
import { CUSTOMER_GID, i18nFor, SCORED } from "./test-fixtures.ts";

const en = i18nFor("en");

function scoresOf(answer: ScoredAnswer, gid: string | undefined = CUSTOMER_GID) {
  const view = blockView({ phase: "loaded", answer }, en, gid);
  if (view.kind !== "scores") throw new Error(`expected the scores, got ${view.kind}`);
  return view;
}

const figureOf = (answer: ScoredAnswer, key: string) => scoresOf(answer).figures.find((f) => f.key === key);

test("a shopper with no order yet: dashes and words where there are no figures", () => {
  const view = scoresOf({
    ...SCORED,
    segment: "Prospects",
    rfm: { r: null, f: null, m: null },
    historicClvMinor: "0",
    predictedClv: null,
    pAlive: null,
    expectedNextPurchaseOn: null,
    activeOffer: null,
  });
  expect(view.segment).toEqual({ label: "Segment", value: "Prospects", tone: "neutral" });
  expect(view.figures.map((f) => [f.label, f.value, f.note])).toEqual([
    ["RFM scores", "–", "No counted order yet"],
    ["Historic CLV", "$0.00", null],
    ["Predicted CLV", "–", null],
    ["Probability still active", "–", null],
    ["Expected next order", "Not expected", null],
    ["Active discount code", "None", null],
  ]);
});

test("money follows the currency's minor digits, and a shop whose currency is not known yet still gets numbers", () => {
  expect(figureOf({ ...SCORED, currency: { code: "JPY", minorDigits: 0 }, historicClvMinor: "123456" }, "historicClv")?.value).toBe("¥123,456");
  expect(figureOf({ ...SCORED, currency: { code: "KWD", minorDigits: 3 }, historicClvMinor: "123456" }, "historicClv")?.value).toBe("KWD\u00a0123.456");
  expect(figureOf({ ...SCORED, currency: null, historicClvMinor: "123456" }, "historicClv")?.value).toBe("1,234.56");
});

test("an interval with a missing end is left out; a segment the block does not know is shown as the app named it", () => {
  const view = scoresOf({ ...SCORED, segment: "Big spenders", predictedClv: { minor: "100", lowMinor: null, highMinor: "200" } });
  expect(view.segment).toEqual({ label: "Segment", value: "Big spenders", tone: "neutral" });
  expect(view.figures.find((f) => f.key === "predictedClv")).toMatchObject({ value: "$1.00", note: null });
});

test("the link to the app's page of the shopper comes from the GID, and only from a customer GID", () => {
  expect(scoresOf(SCORED).appLink).toEqual({ label: "Open in the app", href: "app:customers/7208412" });
  expect(scoresOf(SCORED, "gid://shopify/Order/1").appLink).toBeNull();
});

test("every failure names what went wrong, with the HTTP status when there was an answer", () => {
  const text = (state: Parameters<typeof blockView>[0]) => {
    const view = blockView(state, en, CUSTOMER_GID);
    return view.kind === "message" ? [view.tone, view.title, view.text] : view.kind;
  };
  expect(text({ phase: "failed", reason: "http", httpStatus: 401, detail: null })).toEqual([
    "critical",
    "The scores could not be loaded",
    "The app answered HTTP 401.",
  ]);
  expect(text({ phase: "failed", reason: "no-customer", httpStatus: null, detail: null })[2]).toBe("The page did not say which customer it shows.");
  expect(text({ phase: "failed", reason: "network", httpStatus: null, detail: null })[2]).toBe("The app could not be reached.");
  expect(text({ phase: "loaded", answer: { status: "not-scored" } })).toEqual([
    "info",
    "Not scored yet",
    "The app has not scored this shopper yet. Scores appear after the next rescoring once the app holds their orders.",
  ]);
  expect(text({ phase: "loading" })).toBe("loading");
});

test("the answer is checked before it is shown: money must be a string of minor units", () => {
  expect(parseAnswer(SCORED)).toEqual(SCORED);
  expect(parseAnswer({ status: "not-scored", extra: 1 })).toEqual({ status: "not-scored" });
  expect(parseAnswer({ ...SCORED, historicClvMinor: 123456 })).toBeNull();
  expect(parseAnswer({ ...SCORED, predictedClv: { minor: "1.5", lowMinor: null, highMinor: null } })).toBeNull();
  expect(parseAnswer({ ...SCORED, expectedNextPurchaseOn: "Dec 3" })).toBeNull();
  expect(parseAnswer({ ...SCORED, activeOffer: { code: "X", percentOff: 10, endsAt: "soon" } })).toBeNull();
  expect(parseAnswer([])).toBeNull();
  expect(parseAnswer({ status: "unknown" })).toBeNull();
});
