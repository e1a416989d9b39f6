import { describe, expect, test } from "vitest";
import { pickLocale } from "./locale.ts";

describe("pickLocale", () => {
  test("the admin's locale parameter wins, region and case aside", () => {
    expect(pickLocale({ param: "ko-KR", remembered: "en", acceptLanguage: "en-US" })).toBe("ko");
    expect(pickLocale({ param: "EN", acceptLanguage: "ko" })).toBe("en");
  });

  test("without a parameter: the remembered one, then the browser's first supported language", () => {
    expect(pickLocale({ remembered: "ko" })).toBe("ko");
    expect(pickLocale({ acceptLanguage: "fr-CA,fr;q=0.9,ko;q=0.8,en;q=0.5" })).toBe("ko");
  });

  test("an unsupported or missing language is English", () => {
    expect(pickLocale({ param: "fr", remembered: "de", acceptLanguage: "ja" })).toBe("en");
    expect(pickLocale({})).toBe("en");
  });
});
