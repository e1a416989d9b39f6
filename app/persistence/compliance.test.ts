import { describe, expect, test } from "vitest";
import { shopRedactionPlan } from "./compliance.server.ts";

const model = (name: string, ...fields: string[]) => ({
  name,
  fields: fields.map((field) => ({ name: field, kind: "scalar", type: "String" })),
});

describe("shopRedactionPlan", () => {
  test("every model with a shop field by that field, the Shop by its domain, last", () => {
    const models = [model("Shop", "domain"), model("Session", "id", "shop"), model("Job", "id", "shop"), model("Order", "shop", "gid")];
    expect(shopRedactionPlan(models)).toEqual([
      { model: "Session", field: "shop" },
      { model: "Job", field: "shop" },
      { model: "Order", field: "shop" },
      { model: "Shop", field: "domain" },
    ]);
  });

  test("refuses a model that has no shop field and is not declared", () => {
    expect(() => shopRedactionPlan([model("Audit", "id", "at")])).toThrow(/model Audit has no shop field/);
  });
});
