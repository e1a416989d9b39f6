import { expect, test } from "vitest";
import { decodeCursor, encodeCursor } from "./keyset-cursor.ts";

test("a cursor survives the URL and comes back as it was", () => {
  for (const cursor of [
    { value: 123456789012, gid: "gid://shopify/Customer/1" },
    { value: "1997-03-25", gid: "gid://shopify/Customer/2" },
    { value: null, gid: "gid://shopify/Customer/3" },
  ]) {
    const text = encodeCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual(cursor);
  }
});

test("a cursor the app did not write is refused, not half-read", () => {
  expect(decodeCursor("not base64 json")).toBeNull();
  expect(decodeCursor(Buffer.from(JSON.stringify({ v: {}, g: "x" })).toString("base64url"))).toBeNull();
  expect(decodeCursor(Buffer.from(JSON.stringify({ v: 1 })).toString("base64url"))).toBeNull();
});
