// Python string semantics behind VADER (src/sentiment/vader/text.ts), checked against what
// CPython 3 returns for the same calls (str.isupper, str.lower, str.split + strip(punctuation)).
import { describe, expect, it } from "vitest";
import { isUpper, lower, tokenize } from "../../../src/sentiment/vader/text.js";

const tokens = (s: string): string[] => {
  const out: string[] = [];
  tokenize(s, out);
  return out;
};

describe("isUpper (Python str.isupper)", () => {
  it("needs an uppercase letter and no lowercase one; digits and punctuation are neutral", () => {
    // Python: "GREAT".isupper() True, "GREAT!!".isupper() True, "A1".isupper() True, "Great".isupper() False,
    // "123".isupper() False, "".isupper() False, "ÉTÉ".isupper() True
    expect(isUpper("GREAT")).toBe(true);
    expect(isUpper("GREAT!!")).toBe(true);
    expect(isUpper("A1")).toBe(true);
    expect(isUpper("Great")).toBe(false);
    expect(isUpper("123")).toBe(false);
    expect(isUpper("")).toBe(false);
    expect(isUpper("ÉTÉ")).toBe(true);
  });
});

describe("lower (Python str.lower)", () => {
  it("ASCII fast path and Unicode", () => {
    expect(lower("good")).toBe("good");
    expect(lower("GoOd")).toBe("good");
    expect(lower("ÉTÉ")).toBe("été");
  });
});

describe("tokenize (VADER's split and punctuation strip)", () => {
  it("splits on Python whitespace (tabs, newlines, no-break space) and strips punctuation around words", () => {
    // Python: [w.strip(string.punctuation) if len(w.strip(string.punctuation)) > 2 else w for w in s.split()]
    expect(tokens("  The food, was GREAT!!!\tloved\nit ")).toEqual(["The", "food", "was", "GREAT", "loved", "it"]);
    expect(tokens("ok\u00a0fine")).toEqual(["ok", "fine"]);
  });
  it("keeps the punctuation of tokens that would be 2 characters or less without it (emoticons, :) and 'ok!')", () => {
    expect(tokens(":) ok! (no)")).toEqual([":)", "ok!", "(no)"]);
    expect(tokens("wow!! ...")).toEqual(["wow", "..."]);
  });
  it("reuses the output array", () => {
    const out = ["stale"];
    tokenize("", out);
    expect(out).toEqual([]);
  });
});
