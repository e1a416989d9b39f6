import type { Locale } from "./locale.ts";
import { en } from "./messages/en.ts";
import { type MessageKey, translator } from "./translate.ts";

/** An RFM group's name in the admin's language; a name the app does not know is shown as stored. */
export function segmentLabel(segment: string, locale: Locale): string {
  const key = `segment.${segment}`;
  return key in en ? translator(locale)(key as MessageKey) : segment;
}
