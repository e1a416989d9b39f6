import { timeZoneOffsetMinutes } from "../../clock.ts";
import type { ShopStore } from "../../store/shop.ts";
import { resolversFor } from "./common.ts";
import { metafieldFields } from "./metafields.ts";

function zoneAbbreviation(date: Date, timeZone: string): string {
  const part = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "short" }).formatToParts(date).find((p) => p.type === "timeZoneName");
  return part?.value ?? timeZone;
}

export const shopResolvers = resolversFor<ShopStore>({
  id: (s) => s.gid,
  name: (s) => s.name,
  myshopifyDomain: (s) => s.domain,
  url: (s) => `https://${s.domain}`,
  email: (s) => s.profile.email,
  contactEmail: (s) => s.profile.email,
  currencyCode: (s) => s.currencyCode,
  enabledPresentmentCurrencies: (s) => [s.currencyCode],
  ianaTimezone: (s) => s.ianaTimezone,
  timezoneAbbreviation: (s) => zoneAbbreviation(s.now(), s.ianaTimezone),
  timezoneOffsetMinutes: (s) => timeZoneOffsetMinutes(s.now(), s.ianaTimezone),
  timezoneOffset: (s) => {
    const minutes = timeZoneOffsetMinutes(s.now(), s.ianaTimezone);
    const abs = Math.abs(minutes);
    return `${minutes < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}${String(abs % 60).padStart(2, "0")}`;
  },
  plan: () => ({ displayName: "Development", publicDisplayName: "Development", partnerDevelopment: true, shopifyPlus: false }),
  ...metafieldFields<ShopStore>((s) => s.gid),
});
