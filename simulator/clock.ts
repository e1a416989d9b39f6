/** The store's clock. Store timestamps (created_at, updated_at, ...) come from it, so tests can fix it. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** Shopify timestamps have second precision. */
export function truncateToSecond(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

/**
 * The timestamp for a change to a record whose previous change happened at `previous`:
 * the store clock truncated to the second, pushed forward when needed so that it is strictly later.
 */
export function nextChangeTimestamp(now: Date, previous: Date | null | undefined): Date {
  const candidate = truncateToSecond(now);
  if (previous && candidate.getTime() <= previous.getTime()) {
    return new Date(truncateToSecond(previous).getTime() + 1000);
  }
  return candidate;
}

/** GraphQL `DateTime`: UTC, second precision, `Z` suffix (for example `2026-08-02T08:17:13Z`). */
export function isoUtc(date: Date): string {
  return truncateToSecond(date).toISOString().replace(".000Z", "Z");
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    offsetFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Offset of `timeZone` from UTC at `date`, in minutes (for example -300 for New York in winter). */
export function timeZoneOffsetMinutes(date: Date, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(date)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const wallClockAsUtc = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return Math.round((wallClockAsUtc - truncateToSecond(date).getTime()) / 60_000);
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** `+05:30`-style offset of the zone at `date`. */
export function timeZoneOffsetString(date: Date, timeZone: string): string {
  return formatOffset(timeZoneOffsetMinutes(date, timeZone));
}

/** Webhook payload timestamps: local time of the shop with its offset (for example `2021-12-31T19:00:00-05:00`). */
export function isoInTimeZone(date: Date, timeZone: string): string {
  const offset = timeZoneOffsetMinutes(date, timeZone);
  const local = new Date(truncateToSecond(date).getTime() + offset * 60_000);
  return `${local.toISOString().slice(0, 19)}${formatOffset(offset)}`;
}

/** Midnight of the calendar day `yyyy-mm-dd` in `timeZone`, as an instant. */
export function startOfDayInTimeZone(day: string, timeZone: string): Date {
  const [y, m, d] = day.split("-").map(Number);
  const utcMidnight = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  // The offset can differ between UTC midnight and local midnight (DST); two passes settle it.
  let guess = utcMidnight - timeZoneOffsetMinutes(new Date(utcMidnight), timeZone) * 60_000;
  guess = utcMidnight - timeZoneOffsetMinutes(new Date(guess), timeZone) * 60_000;
  return new Date(guess);
}
