/** Histogram buckets of a "nice" width (1, 2 or 5 times a power of ten) covering 0 to `top` in about `count` steps (pure). */
export function niceBuckets(top: number, count: number): { width: number; count: number } {
  if (!(top > 0)) return { width: 1, count: 1 };
  const raw = top / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const width = [1, 2, 5, 10].map((m) => m * power).find((w) => w >= raw) ?? 10 * power;
  return { width, count: Math.max(1, Math.ceil(top / width)) };
}
