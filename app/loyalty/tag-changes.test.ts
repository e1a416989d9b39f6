import { expect, test } from "vitest";
import { tagChanges } from "./tag-changes.ts";

test("adds what the rules want and the shopper lacks", () => {
  expect(tagChanges(["wholesale"], [], ["crm-vip", "crm-segment-champions"])).toEqual({ add: ["crm-segment-champions", "crm-vip"], remove: [] });
});

test("removes only tags the app set and no longer wants; the merchant's own tags survive", () => {
  const onStore = ["crm-vip", "crm-segment-champions", "wholesale", "crm-friends-and-family"];
  // The merchant's crm-friends-and-family looks like the app's, but the app never set it.
  expect(tagChanges(onStore, ["crm-vip", "crm-segment-champions"], ["crm-segment-loyal"])).toEqual({
    add: ["crm-segment-loyal"],
    remove: ["crm-segment-champions", "crm-vip"],
  });
});

test("nothing to send when the tags are already right, whatever their case", () => {
  expect(tagChanges(["CRM-VIP", "wholesale"], ["crm-vip"], ["crm-vip"])).toEqual({ add: [], remove: [] });
});

test("a tag the merchant already took off is not removed again", () => {
  expect(tagChanges(["wholesale"], ["crm-vip"], [])).toEqual({ add: [], remove: [] });
});
