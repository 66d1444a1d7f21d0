// The dialect helpers of src/sql/dialect.ts (identifier quoting, literals, bound parameters),
// expected values written out by hand from each dialect's quoting rule.
import { describe, expect, it } from "vitest";
import { int, num, Params, quoteIdent, quoteTable, SQL_DIALECTS, stringType } from "../../src/sql/dialect.js";

describe("quoteIdent / quoteTable", () => {
  it("doubles the quote character of the dialect (backslash-escapes it in BigQuery)", () => {
    expect(quoteIdent("duckdb", 'a"b', "t", ["x"])).toBe('"a""b"');
    expect(quoteIdent("postgres", "id", "t", ["x"])).toBe('"id"');
    expect(quoteIdent("snowflake", "id", "t", ["x"])).toBe('"id"');
    expect(quoteIdent("spark", "a`b", "t", ["x"])).toBe("`a``b`");
    expect(quoteIdent("bigquery", "a`b\\c", "t", ["x"])).toBe("`a\\`b\\\\c`");
  });
  it("a table path is its quoted parts joined by dots", () => {
    expect(quoteTable("postgres", ["s", "t"], "t", ["table"])).toBe('"s"."t"');
    expect(quoteTable("spark", "t", "t", ["table"])).toBe("`t`");
  });
});

describe("num / int literals", () => {
  it("num writes the shortest round-trip digits in exponent form", () => {
    expect(num(2.5)).toBe("2.5e0");
    expect(num(0)).toBe("0e0");
    expect(num(-1.25e-7)).toBe("-1.25e-7");
    expect(num(1e21)).toBe("1e21");
    expect(() => num(Number.NaN)).toThrow(/non-finite literal NaN/);
  });
  it("int writes safe integers only", () => {
    expect(int(42)).toBe("42");
    expect(() => int(1.5)).toThrow(/not an integer literal 1.5/);
  });
});

describe("Params", () => {
  it("numbers placeholders in DuckDB and PostgreSQL, uses ? elsewhere, and keeps the values in order", () => {
    for (const d of SQL_DIALECTS) {
      const p = new Params(d);
      const a = p.text("x");
      const b = p.text("y");
      const numbered = d === "duckdb" || d === "postgres";
      expect(a).toBe(`CAST(${numbered ? "$1" : "?"} AS ${stringType(d)})`);
      expect(b).toBe(`CAST(${numbered ? "$2" : "?"} AS ${stringType(d)})`);
      expect(p.values).toEqual(["x", "y"]);
    }
  });
});
