import { expect, test } from "vitest";
import { SerialTask } from "./serial-task.ts";

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

test("passes never overlap, and a burst of notifications during a pass costs one more pass", async () => {
  let active = 0;
  let maxActive = 0;
  let passes = 0;
  const first = gate();
  const task = new SerialTask(async () => {
    passes++;
    active++;
    maxActive = Math.max(maxActive, active);
    if (passes === 1) await first.opened;
    active--;
  }, () => {});
  task.notify();
  await new Promise((resolve) => setImmediate(resolve));
  for (let i = 0; i < 10; i++) task.notify();
  first.open();
  await task.drain();
  expect(maxActive).toBe(1);
  // The first pass, one more for the burst, one for drain.
  expect(passes).toBe(3);
});

test("a failing pass reports its error and the next notification runs again", async () => {
  const errors: unknown[] = [];
  let calls = 0;
  const task = new SerialTask(async () => {
    calls++;
    if (calls === 1) throw new Error("boom");
  }, (error) => errors.push(error));
  task.notify();
  await new Promise((resolve) => setTimeout(resolve, 10));
  expect(errors).toHaveLength(1);
  task.notify();
  await new Promise((resolve) => setTimeout(resolve, 10));
  expect(calls).toBe(2);
});

test("a stopped task ignores notifications until resumed", async () => {
  let calls = 0;
  const task = new SerialTask(async () => {
    calls++;
  }, () => {});
  await task.stop();
  task.notify();
  await new Promise((resolve) => setTimeout(resolve, 10));
  expect(calls).toBe(0);
  task.resume();
  await new Promise((resolve) => setTimeout(resolve, 10));
  expect(calls).toBe(1);
});
