/**
 * A shop's calendar days from its IANA time zone (pure; the zone rules come from the runtime's Intl data).
 *
 * The database cannot be trusted to know IANA zones (SQLite has none), so the offsets are worked out here as a few
 * periods of constant offset and handed to SQL as a CASE expression: the day of an instant is then
 * ⌊(epoch seconds + offset) / 86 400⌋ on both databases, exactly as `localDayNumber` computes it in JavaScript.
 */

const SECONDS_PER_DAY = 86_400;
const MS_PER_DAY = SECONDS_PER_DAY * 1000;

/** The shop's UTC offset from `startsAt` (epoch seconds) until the next period starts. */
export interface OffsetPeriod {
  readonly startsAt: number;
  readonly offsetSeconds: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function offsetFormat(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    formats.set(timeZone, format);
  }
  return format;
}

/**
 * The zone's offset from UTC at an instant, in seconds (east positive).
 *
 * @throws {RangeError} when the runtime does not know the zone.
 */
export function utcOffsetSeconds(timeZone: string, epochSeconds: number): number {
  const name = offsetFormat(timeZone)
    .formatToParts(new Date(epochSeconds * 1000))
    .find((part) => part.type === "timeZoneName")?.value;
  // "GMT", "GMT+05:30", "GMT-04:56:02" (local mean time before standard zones)
  const match = name === undefined ? null : /^GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(name);
  if (!match) throw new RangeError(`Cannot read the UTC offset of ${timeZone} from "${name}"`);
  if (match[1] === undefined) return 0;
  const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4] ?? 0);
  return match[1] === "-" ? -seconds : seconds;
}

/**
 * The periods of constant UTC offset of `timeZone` that cover [from, to], oldest first. The first period also
 * stands for everything before `from`, the last for everything after `to`.
 *
 * The zone is sampled once a day and each change is narrowed to the second by bisection; no zone changes its offset
 * twice within a day. Complexity: O(days + changes · log 86 400) Intl calls (about 3 µs each).
 */
export function offsetPeriods(timeZone: string, from: Date, to: Date): OffsetPeriod[] {
  const start = Math.floor(from.getTime() / 1000);
  const end = Math.max(start, Math.floor(to.getTime() / 1000));
  const periods: OffsetPeriod[] = [{ startsAt: start, offsetSeconds: utcOffsetSeconds(timeZone, start) }];
  let before = start;
  let offset = periods[0]!.offsetSeconds;
  while (before < end) {
    const after = Math.min(before + SECONDS_PER_DAY, end);
    const next = utcOffsetSeconds(timeZone, after);
    if (next !== offset) {
      let lo = before;
      let hi = after;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (utcOffsetSeconds(timeZone, mid) === offset) lo = mid;
        else hi = mid;
      }
      periods.push({ startsAt: hi, offsetSeconds: next });
      offset = next;
    }
    before = after;
  }
  return periods;
}

/** The offset in force at an instant, by the periods of `offsetPeriods`. */
export function offsetAt(periods: readonly OffsetPeriod[], epochSeconds: number): number {
  for (let i = periods.length - 1; i > 0; i--) {
    if (epochSeconds >= periods[i]!.startsAt) return periods[i]!.offsetSeconds;
  }
  const first = periods[0];
  if (!first) throw new RangeError("No offset periods");
  return first.offsetSeconds;
}

/** Days since 1970-01-01 of the shop's calendar day at an instant. */
export function localDayNumber(periods: readonly OffsetPeriod[], at: Date): number {
  const seconds = Math.floor(at.getTime() / 1000);
  return Math.floor((seconds + offsetAt(periods, seconds)) / SECONDS_PER_DAY);
}

/**
 * The first instant (epoch seconds) of the shop's calendar day `dayNumber`: the smallest second whose local day is
 * `dayNumber` or later. Found by bisection, so days that begin at a daylight-saving jump are handled too.
 */
export function startOfLocalDay(periods: readonly OffsetPeriod[], dayNumber: number): number {
  const localDay = (seconds: number) => Math.floor((seconds + offsetAt(periods, seconds)) / SECONDS_PER_DAY);
  // UTC offsets stay within ±26 hours, so the start lies in this window.
  let lo = dayNumber * SECONDS_PER_DAY - 26 * 3600;
  let hi = dayNumber * SECONDS_PER_DAY + 26 * 3600;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDay(mid) >= dayNumber) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** `YYYY-MM-DD` of a day number. */
export function isoDay(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}
