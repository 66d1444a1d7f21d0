// The `// =>` value rules of test/examples/expected.ts, case by case.
import { describe, expect, it } from "vitest";
import { IncompleteValue, mismatch, parseExpected } from "./expected.js";

const ok = (text: string, actual: unknown) => mismatch(actual, parseExpected(text).value);

describe("// => values", () => {
  it("numbers match at their printed precision; integers are exact", () => {
    expect(ok("0.974", 0.97445)).toBeNull();
    expect(ok("0.974", 0.97451)).not.toBeNull();
    expect(ok("25", 25)).toBeNull();
    expect(ok("25", 25.4)).not.toBeNull();
    expect(ok("1.5e-7", 1.54e-7)).toBeNull();
    expect(ok("1.5e-7", 1.56e-7)).not.toBeNull();
  });
  it("a truncated number (x...) and about x allow one unit of the last digit", () => {
    expect(ok("0.8997...", 0.89979)).toBeNull();
    expect(ok("0.8997...", 0.8999)).not.toBeNull();
    expect(ok("about 6", 6.9)).toBeNull();
    expect(ok("about 6", 7.1)).not.toBeNull();
    expect(ok("about [0.08, 0.92]", [0.085, 0.915])).toBeNull();
  });
  it("arrays, typed arrays, objects; ... for more elements or keys", () => {
    expect(ok("[1, 2]", [1, 2])).toBeNull();
    expect(ok("[1, 2]", new Float64Array([1, 2]))).toMatch(/print it as Float64Array/);
    expect(ok("Float64Array [1, 2]", new Float64Array([1, 2]))).toBeNull();
    expect(ok("[1, ...]", [1, 2, 3])).toBeNull();
    expect(ok("[1]", [1, 2])).not.toBeNull();
    expect(ok('{ a: 1, "b c": "x" }', { a: 1, "b c": "x" })).toBeNull();
    expect(ok("{ a: 1 }", { a: 1, b: 2 })).toMatch(/unexpected keys/);
    expect(ok("{ a: 1, ... }", { a: 1, b: 2 })).toBeNull();
    expect(ok("{ a: null, b: undefined }", { a: null, b: undefined })).toBeNull();
  });
  it("strings: exact, with ... matching any text", () => {
    expect(ok('"Ship: x ..."', "Ship: x; p = 0.01.")).toBeNull();
    expect(ok('"Ship: x"', "Ship: x.")).not.toBeNull();
    expect(ok("'a\\'b'", "a'b")).toBeNull();
  });
  it("alternatives and commentary", () => {
    expect(ok('"red" or "blue"', "blue")).toBeNull();
    expect(ok('"red" or "blue"', "green")).not.toBeNull();
    expect(parseExpected("0.5 or more (a tie)")).toMatchObject({ value: { t: "num", v: 0.5 }, rest: "or more (a tie)" });
    expect(parseExpected("[0.5] (no data yet: a tie)").rest).toBe("(no data yet: a tie)");
  });
  it("throws CODE; prose is not a value; an unfinished value asks for the next line", () => {
    expect(parseExpected("throws ClienteleError INVALID_OPTION (path)").value).toEqual({ t: "throws", code: "INVALID_OPTION" });
    expect(() => parseExpected("the 5 most popular items")).toThrow(SyntaxError);
    expect(() => parseExpected("{ id: 1,")).toThrow(IncompleteValue);
  });
});

describe("instrument", () => {
  it("turns expression and declaration statements followed by // => into checks; imports go to src", async () => {
    const { instrument } = await import("./extract.js");
    const r = instrument('import { createRng } from "clientele";\nconst x = 1 + 1; // => 2\nx *\n  2;\n// => { a: 1,\n//      b: 2 }\n');
    expect(r.problems).toEqual([]);
    expect(r.assertions.map((a) => [a.line, a.expr])).toEqual([
      [2, "x"],
      [5, "x *\n  2"],
    ]);
    expect(r.module).toMatch(/^import \{ createRng \} from ".*\/src\/index\.ts";/);
    const bad = instrument('for (const i of [1]) { i; } // => 1\nimport { a } from "lodash";');
    expect(bad.problems).toHaveLength(2);
  });
});
