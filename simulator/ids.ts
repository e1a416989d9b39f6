/** Shopify global ids: `gid://shopify/<Type>/<numeric id>`. */
export function gid(type: string, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

export interface ParsedGid {
  type: string;
  id: number;
}

export function parseGid(value: unknown): ParsedGid | null {
  if (typeof value !== "string") return null;
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(?:\?.*)?$/.exec(value);
  if (!match || !match[1] || !match[2]) return null;
  return { type: match[1], id: Number(match[2]) };
}

/** Numeric ids per resource type. They stay below 2^53 so that JSON numbers keep them exact. */
export class IdSequence {
  private readonly counters = new Map<string, number>();

  private readonly base: number;

  constructor(base = 6_000_000_000) {
    this.base = base;
  }

  next(type: string): number {
    const value = (this.counters.get(type) ?? 0) + 1;
    this.counters.set(type, value);
    return this.base + value;
  }
}
