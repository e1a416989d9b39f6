import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { expect, test } from "vitest";
import { healthGrade, holdoutDays, modelHealth, totalError } from "./model-health.ts";

const dayNumberOf = (ymd: string) => Date.parse(`${ymd}T00:00:00Z`) / 86_400_000;

test("the holdout is a third of the history, between 8 and 39 weeks; a short history gets none", () => {
  expect(holdoutDays(0, 100)).toBeNull();
  expect(holdoutDays(0, 168)).toBe(56);
  expect(holdoutDays(0, 545)).toBe(181);
  expect(holdoutDays(0, 3000)).toBe(273);
});

test("on the CDNOW sample: the weeks add up to the total, and the actual total is the calibration customers' later purchase days", () => {
  const lines = readFileSync(resolve(import.meta.dirname, "../../tests/fixtures/cdnow/CDNOW_sample.txt"), "utf8")
    .trim()
    .split("\n");
  const byDay = new Map<string, { customerGid: string; day: number; netMinor: number }>();
  for (const line of lines) {
    const [id, , date, , amount] = line.trim().split(/\s+/);
    const day = dayNumberOf(`${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6, 8)}`);
    const key = `${id}|${day}`;
    const row = byDay.get(key) ?? { customerGid: id!, day, netMinor: 0 };
    row.netMinor += Math.round(Number(amount) * 100);
    byDay.set(key, row);
  }
  const days = [...byDay.values()];
  const lastDay = dayNumberOf("1998-06-30");
  const health = modelHealth(days, lastDay, "bgnbd");
  if (!health) throw new Error("no model health for CDNOW");
  expect(health.holdoutDays).toBe(181);
  const calibrationEnd = lastDay - 181;
  const inCalibration = new Set(days.filter((d) => d.day <= calibrationEnd).map((d) => d.customerGid));
  const actual = days.filter((d) => d.day > calibrationEnd && inCalibration.has(d.customerGid)).length;
  expect(health.total.actual).toBe(actual);
  expect(health.weeks.at(-1)?.actual).toBe(actual);
  expect(health.weeks.at(-1)?.predicted).toBeCloseTo(health.total.predicted, 6);
  for (let i = 1; i < health.weeks.length; i++) expect(health.weeks[i]!.predicted).toBeGreaterThanOrEqual(health.weeks[i - 1]!.predicted);
  expect(health.customers).toBe(inCalibration.size);
  expect(["good", "fair", "poor"]).toContain(healthGrade(health));
});

test("the grade follows the total error: within 10% good, within 25% fair, else poor", () => {
  expect(healthGrade({ total: { actual: 100, predicted: 92 } })).toBe("good");
  expect(healthGrade({ total: { actual: 100, predicted: 120 } })).toBe("fair");
  expect(healthGrade({ total: { actual: 100, predicted: 60 } })).toBe("poor");
  expect(healthGrade({ total: { actual: 0, predicted: 3 } })).toBe("unknown");
  expect(totalError({ total: { actual: 1882, predicted: 1653.4 } })).toBeCloseTo(-0.1215, 4);
});
