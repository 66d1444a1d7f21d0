// scoreSql on model kinds that have no SQL writer (the TSDoc examples of clientele/sql run in
// test/examples/tsdoc.test.ts).
import { describe, expect, it } from "vitest";
import { scoreSql } from "../../src/sql/index.js";

describe("scoreSql model kinds", () => {
  it("a tree model has no SQL writer yet: WRONG_MODEL_KIND naming scoreSql", () => {
    expect(() => scoreSql({ kind: "gradient-boosting", version: 1 } as any, { dialect: "duckdb", source: "s" })).toThrow(
      expect.objectContaining({ code: "WRONG_MODEL_KIND", message: expect.stringMatching(/^scoreSql: /) }),
    );
  });
});
