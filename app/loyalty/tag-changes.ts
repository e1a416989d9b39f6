/**
 * The tag mutations that make a shopper's tags what the rules want (pure). Only tags the app itself set are ever
 * removed: the merchant's own tags survive, even one that happens to look like the app's.
 */

export interface TagChanges {
  readonly add: readonly string[];
  readonly remove: readonly string[];
}

/**
 * `onStore`: the shopper's tags in Shopify now; `pushed`: the tags the app set at its last push; `intended`: what the
 * rules want. Adds what is wanted and missing; removes what the app set and no longer wants. Nothing for a shopper
 * whose tags are already right, so a second push with nothing changed sends nothing.
 */
export function tagChanges(onStore: readonly string[], pushed: readonly string[], intended: readonly string[]): TagChanges {
  const present = new Set(onStore.map(normalize));
  const wanted = new Set(intended.map(normalize));
  return {
    add: [...wanted].filter((tag) => !present.has(tag)).sort(),
    remove: [...new Set(pushed.map(normalize))].filter((tag) => !wanted.has(tag) && present.has(tag)).sort(),
  };
}

/** Shopify compares tags without regard to case or surrounding space. */
function normalize(tag: string): string {
  return tag.trim().toLowerCase();
}
