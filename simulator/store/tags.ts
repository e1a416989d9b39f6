/** Tag lists as Shopify keeps them: comma-separated input split, trimmed, unique case-insensitively, sorted. */

export const MAX_TAG_LENGTH = 255;
export const MAX_TAGS = 250;

export function splitTags(input: readonly string[]): string[] {
  return input
    .flatMap((entry) => entry.split(","))
    .map((tag) => tag.trim())
    .filter((tag) => tag.length > 0);
}

function sorted(tags: Iterable<string>): string[] {
  return [...tags].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" }) || a.localeCompare(b));
}

export function withTagsAdded(existing: readonly string[], add: readonly string[]): string[] {
  const byKey = new Map(existing.map((tag) => [tag.toLowerCase(), tag]));
  for (const tag of splitTags(add)) if (!byKey.has(tag.toLowerCase())) byKey.set(tag.toLowerCase(), tag);
  return sorted(byKey.values());
}

export function withTagsRemoved(existing: readonly string[], remove: readonly string[]): string[] {
  const drop = new Set(splitTags(remove).map((tag) => tag.toLowerCase()));
  return sorted(existing.filter((tag) => !drop.has(tag.toLowerCase())));
}

/** The first problem with a tag list, phrased as Shopify's user errors are; null when it is acceptable. */
export function tagListProblem(tags: readonly string[]): string | null {
  const tooLong = tags.find((tag) => tag.length > MAX_TAG_LENGTH);
  if (tooLong) return `Tags is too long (maximum is ${MAX_TAG_LENGTH} characters)`;
  if (tags.length > MAX_TAGS) return `Tags cannot be more than ${MAX_TAGS}`;
  return null;
}
