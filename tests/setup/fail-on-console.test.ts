import { describe, expect, test } from "vitest";
import { expectConsoleError, expectConsoleWarn, expectProcessWarning, takeReport } from "./fail-on-console.ts";

describe("fail-on-console", () => {
  test("console.error, console.warn and process warnings are reported", async () => {
    console.error("something broke", { id: 1 });
    console.warn("careful");
    process.emitWarning("an old API", "DeprecationWarning");
    await new Promise((resolve) => setImmediate(resolve));
    const report = takeReport();
    expect(report).toContain("console.error: something broke { id: 1 }");
    expect(report).toContain("console.warn: careful");
    expect(report).toContain("process warning: DeprecationWarning: an old API");
    // Taken: the test itself does not fail.
    expect(takeReport()).toBeNull();
  });

  test("expected output passes and is not reported", async () => {
    expectConsoleError(/broke/);
    expectConsoleWarn("careful");
    expectProcessWarning(/^ExperimentalWarning: /);
    console.error("something broke");
    console.warn("be careful");
    process.emitWarning("a new API", "ExperimentalWarning");
    await new Promise((resolve) => setImmediate(resolve));
  });

  test("an expectation that nothing met is reported", () => {
    expectConsoleError("never written");
    console.error("something else");
    const report = takeReport();
    expect(report).toContain("Expected output that did not come:\n  console.error: never written");
    expect(report).toContain("console.error: something else");
  });
});
