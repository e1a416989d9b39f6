/**
 * The demo shop's history: the CDNOW purchase log (2,357 shoppers, 6,919 orders, 1997-01-01 to
 * 1998-06-30, tests/fixtures/cdnow/CDNOW_sample.txt), moved forward in time so that it ends the
 * day before `today`.
 */
export interface HistoricalOrder {
  /** CDNOW's sample customer id, "0001".."2357". */
  customerKey: string;
  placedAt: Date;
  totalMinor: number;
}

const DAY_MS = 86_400_000;

function parseDate(yyyymmdd: string): number {
  return Date.UTC(Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(4, 6)) - 1, Number(yyyymmdd.slice(6, 8)));
}

export function cdnowHistory(text: string, today: Date): HistoricalOrder[] {
  const rows = text
    .split(/\r?\n/)
    .map((line, index) => ({ fields: line.trim().split(/\s+/), line: index + 1 }))
    .filter((row) => row.fields.length === 5);
  const lastDay = Math.max(...rows.map((row) => parseDate(row.fields[2] ?? "")));
  const yesterday = Math.floor(today.getTime() / DAY_MS) * DAY_MS - DAY_MS;
  const shift = yesterday - lastDay;
  return rows.map(({ fields, line }) => {
    const [, customerKey = "", date = "", , amount = ""] = fields;
    if (!/^\d{8}$/.test(date) || !/^\d+(\.\d{1,2})?$/.test(amount)) throw new Error(`CDNOW line ${line} is malformed`);
    // Mid-day in UTC keeps each purchase on its calendar day in every shop timezone of the demo.
    return { customerKey, placedAt: new Date(parseDate(date) + shift + 12 * 3_600_000), totalMinor: Math.round(Number(amount) * 100) };
  });
}
