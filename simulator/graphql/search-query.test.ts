import { describe, expect, it } from "vitest";
import { compileSearch, textContainsPhrase, type SearchField } from "./search-query.ts";

interface Item {
  id: number;
  createdAt: Date;
  test: boolean;
  tags: string[];
  status: string;
}

const FIELDS: Record<string, SearchField<Item>> = {
  id: { type: "number", get: (i) => i.id },
  created_at: { type: "date", get: (i) => i.createdAt },
  test: { type: "boolean", get: (i) => i.test },
  tag: { type: "string", get: (i) => i.tags },
  status: { type: "string", get: (i) => i.status },
};

const items: Item[] = [
  { id: 1, createdAt: new Date("2024-01-01T04:59:59Z"), test: false, tags: ["VIP"], status: "open" },
  { id: 2, createdAt: new Date("2024-01-01T05:00:00Z"), test: true, tags: [], status: "cancelled" },
  { id: 3, createdAt: new Date("2024-06-01T12:00:00Z"), test: false, tags: ["gold", "vip-2"], status: "open" },
];

function ids(query: string, timeZone = "America/New_York"): number[] {
  const search = compileSearch(query, FIELDS, timeZone);
  return items.filter(search.matches).map((i) => i.id);
}

describe("compileSearch", () => {
  it("compares dates as days in the shop's time zone, or as instants", () => {
    expect(ids("created_at:>=2024-01-01")).toEqual([2, 3]);
    expect(ids("created_at:<2024-01-01")).toEqual([1]);
    expect(ids("created_at:2023-12-31")).toEqual([1]);
    expect(ids("created_at:>=2024-01-01", "UTC")).toEqual([1, 2, 3]);
    expect(ids("created_at:>'2024-01-01T05:00:00Z'")).toEqual([3]);
    expect(ids("created_at:>2024-01-01")).toEqual([3]);
  });

  it("joins terms with AND, OR, NOT, '-' and parentheses", () => {
    expect(ids("test:false AND created_at:>=2024-01-01")).toEqual([3]);
    expect(ids("test:false created_at:>=2024-01-01")).toEqual([3]);
    expect(ids("id:1 OR id:2")).toEqual([1, 2]);
    expect(ids("-status:cancelled")).toEqual([1, 3]);
    expect(ids("NOT test:true AND (tag:vip OR tag:gold)")).toEqual([1, 3]);
  });

  it("matches strings case-insensitively, lists by any element, and prefixes with *", () => {
    expect(ids("tag:vip")).toEqual([1]);
    expect(ids("tag:vip*")).toEqual([1, 3]);
    expect(ids("id:>=2")).toEqual([2, 3]);
  });

  it("ignores unknown fields and reports them as warnings", () => {
    const search = compileSearch("nope:1 test:true", FIELDS, "UTC");
    expect(items.filter(search.matches).map((i) => i.id)).toEqual([2]);
    expect(search.warnings).toEqual([{ field: "nope", message: "Invalid search field for this query." }]);
  });

  it("sends a term without a field, or a quoted phrase, to the default text field", () => {
    const people = [
      { id: 1, names: ["Ada Lovelace", "ada.l@example.com"] },
      { id: 2, names: ["Grace Hopper", "grace:navy@example.com"] },
    ];
    const fields: Record<string, SearchField<(typeof people)[number]>> = {
      default: { type: "text", get: (p) => p.names },
      id: { type: "number", get: (p) => p.id },
    };
    const found = (query: string) => people.filter(compileSearch(query, fields, "UTC").matches).map((p) => p.id);
    expect(found('"Ada Lovelace"')).toEqual([1]);
    expect(found("ada hopper")).toEqual([]);
    expect(found("example.com")).toEqual([1, 2]);
    expect(found('"grace:navy"')).toEqual([2]);
    expect(found('"say \\"hi\\""')).toEqual([]);
    expect(found("example -id:1")).toEqual([2]);
    expect(found("default:grace")).toEqual([2]);
    expect(compileSearch("default:>a", fields, "UTC").warnings).toEqual([{ field: "default", message: 'Comparator ">" is not valid for a text field.' }]);
  });

  it("matches a phrase when its words begin consecutive words of the text", () => {
    expect(textContainsPhrase("Ada Lovelace", "ada love")).toBe(true);
    expect(textContainsPhrase("Ada Lovelace", "lovelace ada")).toBe(false);
    expect(textContainsPhrase("ada.lovelace@example.com", "Lovelace@example")).toBe(true);
    expect(textContainsPhrase("Ada Lovelace", "da")).toBe(false);
    expect(textContainsPhrase("김 민준", "민준")).toBe(true);
  });
});
