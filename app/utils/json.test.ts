import { describe, expect, test } from "vitest";
import { assertJsonSourceTextAccess, parseJsonKeepingBigIntegers } from "./json.ts";

describe("parseJsonKeepingBigIntegers", () => {
  test("keeps an 18-digit Shopify id exactly, as a string", () => {
    // A double cannot hold it: plain JSON.parse changes the last digits.
    expect(String(JSON.parse("820982911946154508"))).not.toBe("820982911946154508");
    expect(parseJsonKeepingBigIntegers('{"id":820982911946154508}')).toEqual({ id: "820982911946154508" });
  });

  test("keeps big integers exact wherever they are nested", () => {
    const text = '{"order":{"id":820982911946154508,"customer":{"id":115310627314723954}},"ids":[890088186047892319,245135271310201194]}';
    expect(parseJsonKeepingBigIntegers(text)).toEqual({
      order: { id: "820982911946154508", customer: { id: "115310627314723954" } },
      ids: ["890088186047892319", "245135271310201194"],
    });
  });

  test("keeps a bare big integer and a negative one", () => {
    expect(parseJsonKeepingBigIntegers("820982911946154508")).toBe("820982911946154508");
    expect(parseJsonKeepingBigIntegers("[-820982911946154508]")).toEqual(["-820982911946154508"]);
    expect(parseJsonKeepingBigIntegers("123456789012345678901234567890")).toBe("123456789012345678901234567890");
  });

  test("leaves safe integers as numbers, up to Number.MAX_SAFE_INTEGER", () => {
    expect(parseJsonKeepingBigIntegers('{"id":548380009,"n":0,"m":-7}')).toEqual({ id: 548380009, n: 0, m: -7 });
    expect(parseJsonKeepingBigIntegers("9007199254740991")).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseJsonKeepingBigIntegers("-9007199254740991")).toBe(Number.MIN_SAFE_INTEGER);
    // 2^53 is the first integer that is not safe.
    expect(parseJsonKeepingBigIntegers("9007199254740992")).toBe("9007199254740992");
    expect(parseJsonKeepingBigIntegers("9007199254740993")).toBe("9007199254740993");
  });

  test("the same with and without the reviver's fast path, on random texts with integers of every length", () => {
    const withReviver = (text: string) =>
      JSON.parse(text, (_key, value: unknown, context?: { source?: string }) =>
        typeof value === "number" && !Number.isSafeInteger(value) && context?.source && /^-?\d+$/.test(context.source) ? context.source : value,
      );
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 500; i++) {
      const digits = 1 + Math.floor(random() * 20);
      const integer = `${random() < 0.2 ? "-" : ""}${1 + Math.floor(random() * 9)}${Array.from({ length: digits - 1 }, () => Math.floor(random() * 10)).join("")}`;
      const text = `{"id":${integer},"gid":"gid://shopify/Order/${integer.replace("-", "")}","price":${integer}.5,"list":[${integer}]}`;
      expect(parseJsonKeepingBigIntegers(text), text).toEqual(withReviver(text));
    }
  });

  test("leaves floats as numbers", () => {
    expect(parseJsonKeepingBigIntegers('{"subtotal":89.99,"total_tax":0,"weight":1.5}')).toEqual({
      subtotal: 89.99,
      total_tax: 0,
      weight: 1.5,
    });
    expect(parseJsonKeepingBigIntegers("-0.25")).toBe(-0.25);
    // Exponent notation is not an integer literal, so it stays a number even when large.
    expect(parseJsonKeepingBigIntegers("1e21")).toBe(1e21);
    expect(parseJsonKeepingBigIntegers("2.5E3")).toBe(2500);
  });

  test("leaves strings, booleans and null alone", () => {
    expect(parseJsonKeepingBigIntegers('{"amount":"404.95","id":"820982911946154508","test":true,"note":null,"tags":[]}')).toEqual({
      amount: "404.95",
      id: "820982911946154508",
      test: true,
      note: null,
      tags: [],
    });
  });

  test("throws a SyntaxError on invalid JSON", () => {
    expect(() => parseJsonKeepingBigIntegers("{not json")).toThrow(SyntaxError);
    expect(() => parseJsonKeepingBigIntegers("")).toThrow(SyntaxError);
  });
});

describe("assertJsonSourceTextAccess", () => {
  test("passes on this runtime, whose JSON.parse gives the reviver the source text", () => {
    expect(() => assertJsonSourceTextAccess()).not.toThrow();
  });

  test("throws, naming the Node.js version and what is needed, when the reviver gets no source text", () => {
    // Node.js 20's JSON.parse: the reviver is called with (key, value) only.
    const withoutSource = (text: string, reviver: (key: string, value: unknown) => unknown) => JSON.parse(text, (key, value) => reviver(key, value));
    expect(() => assertJsonSourceTextAccess(withoutSource, "v20.20.2")).toThrow(
      /^Node\.js v20\.20\.2 lacks JSON\.parse source text access .* Run the app on Node\.js 22\.12 or later/,
    );
  });

  test("throws when the source text is not the value's", () => {
    const wrongSource = (text: string, reviver: (key: string, value: unknown, context?: { source?: string }) => unknown) =>
      JSON.parse(text, (key, value) => reviver(key, value, { source: String(value) }));
    expect(() => assertJsonSourceTextAccess(wrongSource, "v0.0.0")).toThrow(/v0\.0\.0/);
  });
});
