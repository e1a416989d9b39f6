import { expect, test } from "vitest";
import { healthAnswer } from "../../app/health.server.ts";
import { loader } from "../../app/routes/healthz.tsx";

test("GET /healthz answers 200 when the database answers", async () => {
  const response = await loader();
  expect(response.status).toBe(200);
  expect(response.headers.get("Cache-Control")).toBe("no-store");
  expect(await response.json()).toEqual({ status: "ok", database: "ok" });
});

test("a database that fails or does not answer in time makes it 503, naming nothing but that", async () => {
  const failed = await healthAnswer(() => Promise.reject(new Error("connect ECONNREFUSED 10.0.0.5:5432 (secret-host)")));
  expect(failed.status).toBe(503);
  const body = await failed.text();
  expect(JSON.parse(body)).toEqual({ status: "unavailable", database: "unreachable" });
  expect(body).not.toContain("secret-host");
  const started = Date.now();
  const hung = await healthAnswer(() => new Promise(() => {}));
  expect(hung.status).toBe(503);
  expect(Date.now() - started).toBeLessThan(5_000);
});
