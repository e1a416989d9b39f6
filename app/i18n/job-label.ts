import type { Locale } from "./locale.ts";
import { en } from "./messages/en.ts";
import { type MessageKey, translator } from "./translate.ts";

/** A background job's name in the admin's language (its message `job.<name>`); a name no job has now is shown as it is. */
export function jobLabel(name: string, locale: Locale): string {
  const key = `job.${name}`;
  return key in en ? translator(locale)(key as MessageKey) : name;
}
