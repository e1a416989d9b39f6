import { expect, test } from "vitest";
import { JOB_NAMES } from "../jobs/catalog.ts";
import { jobLabel } from "./job-label.ts";

test("every job of the catalog has the merchant's words for it in English and Korean", () => {
  expect(JOB_NAMES.length).toBeGreaterThan(5);
  for (const name of JOB_NAMES) {
    expect(jobLabel(name, "en"), name).not.toBe(name);
    expect(jobLabel(name, "ko"), name).toMatch(/[가-힣]/);
  }
  expect(jobLabel("rescore-shop", "ko")).toBe("상점 고객 점수 다시 계산");
});

test("a job name no job has any more is shown as stored", () => {
  expect(jobLabel("import-orders-v0", "ko")).toBe("import-orders-v0");
});
