import { db } from "../db.server.ts";

/** The GIDs among `gids` that customers/redact erased in this shop. */
export async function redactedAmong(shop: string, gids: readonly (string | null | undefined)[]): Promise<Set<string>> {
  const wanted = [...new Set(gids.filter((gid): gid is string => Boolean(gid)))];
  if (wanted.length === 0) return new Set();
  const rows = await db.redactedSubject.findMany({ where: { shop, gid: { in: wanted } }, select: { gid: true } });
  return new Set(rows.map((row) => row.gid));
}

export async function isRedacted(shop: string, ...gids: (string | null | undefined)[]): Promise<boolean> {
  return (await redactedAmong(shop, gids)).size > 0;
}
