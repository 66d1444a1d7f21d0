// The library's own boundary validator (src/core/schema.ts) and the option parser on top of it.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as z from "../../src/core/schema.js";
import { ClienteleError } from "../../src/core/errors.js";
import { nearestName, parseOptions, parseWith, rejectUnknownKeys, checkRowFields } from "../../src/core/validate.js";

function caught(f: () => unknown): ClienteleError {
  try {
    f();
  } catch (e) {
    if (e instanceof ClienteleError) return e;
    throw e;
  }
  throw new Error("did not throw");
}

const als = z.object({
  factors: z.number().int().min(1).default(64),
  regularization: z.number().min(0).default(0.1),
  iterations: z.number().int().positive().optional(),
  mode: z.enum(["a", "b"]).default("a"),
});

describe("schema", () => {
  it("applies defaults, keeps optional keys absent, and infers the output type", () => {
    const o = parseOptions(als, undefined, "fitAls");
    expect(o).toEqual({ factors: 64, regularization: 0.1, mode: "a" });
    expect("iterations" in o).toBe(false);
    const typed: { factors: number; regularization: number; iterations?: number; mode: "a" | "b" } = o;
    expect(typed.factors).toBe(64);
  });

  it("rejects an unknown option with INVALID_OPTION, the key in path and the nearest valid name", () => {
    const e = caught(() => parseOptions(als, { lambda: 5 } as unknown, "fitAls"));
    expect(e.code).toBe("INVALID_OPTION");
    expect(e.path).toEqual(["options", "lambda"]);
    expect(e.message).toBe('fitAls: unknown option "lambda"; did you mean "regularization"?');
    expect(caught(() => parseOptions(als, { factor: 5 } as unknown, "fitAls")).message).toMatch(/did you mean "factors"\?/);
    expect(caught(() => parseOptions(als, { zzzzzz: 5 } as unknown, "fitAls")).message).toMatch(/valid options are "factors", "regularization"/);
    expect(caught(() => parseOptions(als, { max_iter: 5 } as unknown, "f")).message).toMatch(/unknown option "max_iter"/);
  });

  it("rejects NaN, Infinity, wrong types and non-object options", () => {
    for (const bad of [NaN, Infinity, -Infinity, "3", null]) {
      const e = caught(() => parseOptions(als, { factors: bad } as unknown, "fitAls"));
      expect(e.code).toBe("INVALID_OPTION");
      expect(e.path).toEqual(["options", "factors"]);
    }
    expect(caught(() => parseOptions(als, 5, "fitAls")).code).toBe("INVALID_OPTION");
    expect(caught(() => parseOptions(als, null, "fitAls")).code).toBe("INVALID_OPTION");
    expect(caught(() => parseOptions(als, [] as unknown, "fitAls")).code).toBe("INVALID_OPTION");
  });

  it("refine keeps the schema's type, and runs after the type's checks", () => {
    const inc = z
      .array(z.number())
      .refine((t) => t.every((v, i) => i === 0 || v > t[i - 1]), "must increase")
      .optional();
    expect(inc.safeParse([1, 2]).success).toBe(true);
    expect(inc.safeParse(undefined).success).toBe(true);
    const r = inc.safeParse([2, 1]);
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0].message).toBe("must increase");
    const n = z
      .number()
      .refine((v) => v !== 0, "must not be 0")
      .optional();
    expect(n.safeParse(0).success).toBe(false);
  });

  it("nested unknown keys and array paths", () => {
    const s = z.object({ thresholds: z.object({ recency: z.array(z.number()).optional() }).optional() });
    const e = caught(() => parseOptions(s, { thresholds: { recncy: [1] } }, "scoreRfm"));
    expect(e.path).toEqual(["options", "thresholds", "recncy"]);
    expect(e.message).toMatch(/unknown option "recncy" in options\.thresholds; did you mean "recency"\?/);
    const e2 = caught(() => parseOptions(s, { thresholds: { recency: [1, NaN] } }, "scoreRfm"));
    expect(e2.path).toEqual(["options", "thresholds", "recency", 1]);
  });

  it("unions, tuples, literals, records and nullables", () => {
    const u = z.union([z.enum(["k-means++", "random"]), z.array(z.array(z.number()))]);
    expect(u.safeParse("random").success).toBe(true);
    expect(u.safeParse([[1, 2]]).success).toBe(true);
    expect(u.safeParse("x").success).toBe(false);
    expect(z.tuple([z.number(), z.number()]).nullable().safeParse(null).success).toBe(true);
    expect(z.tuple([z.number(), z.number()]).safeParse([1]).success).toBe(false);
    expect(z.literal("bgnbd").safeParse("bgnbd").success).toBe(true);
    expect(z.literal("bgnbd").safeParse("BgNbd").success).toBe(false);
    const rec = z.record(z.string(), z.number());
    const parsed = rec.parse(JSON.parse('{"__proto__": 1, "constructor": 2, "toString": 3}'));
    expect(Object.keys(parsed)).toEqual(["__proto__", "constructor", "toString"]);
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });

  it("a __proto__ key in a saved model is rejected, never merged into Object.prototype", () => {
    const model = z.object({ kind: z.literal("m"), params: z.object({ r: z.number() }) });
    const e = caught(() =>
      parseWith(model, JSON.parse('{"kind":"m","params":{"r":1,"__proto__":{"polluted":1}}}'), "mFromJSON", { code: "INVALID_MODEL", root: "model" }),
    );
    expect(e.code).toBe("INVALID_MODEL");
    expect(e.path).toEqual(["model", "params", "__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("loose objects keep unknown keys as own properties", () => {
    const s = z.looseObject({ a: z.number() });
    expect(s.parse({ a: 1, b: 2 })).toEqual({ a: 1, b: 2 });
  });

  it("never throws anything but a result on arbitrary JSON (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = als.safeParse(v);
        expect(typeof r.success).toBe("boolean");
      }),
    );
  });
});

describe("name hints", () => {
  it("finds synonyms, case/underscore variants and typos", () => {
    expect(nearestName("lambda", ["factors", "regularization"])).toBe("regularization");
    expect(nearestName("min_samples", ["eps", "minPts"])).toBe("minPts");
    expect(nearestName("n", ["k", "exclude"])).toBe("k");
    expect(nearestName("max_iter", ["maxIter", "tol"])).toBe("maxIter");
    expect(nearestName("sigal", ["signal", "onProgress"])).toBe("signal");
    expect(nearestName("qqq", ["signal", "onProgress"])).toBeUndefined();
  });

  it("rejectUnknownKeys and checkRowFields", () => {
    expect(caught(() => rejectUnknownKeys({ n: 3 }, ["k", "exclude"], "recommend")).message).toBe('recommend: unknown option "n"; did you mean "k"?');
    const e = caught(() =>
      checkRowFields({ customer_id: 1, timestamp: 0, amount: 1 }, ["customerId", "timestamp", "amount"], "summarizeTransactions", ["rows", 0]),
    );
    expect(e.code).toBe("MISSING_COLUMN");
    expect(e.path).toEqual(["rows", 0, "customerId"]);
    expect(e.message).toMatch(/has a field "customer_id" but no "customerId"/);
    const e2 = caught(() =>
      checkRowFields({ userId: 1, itemId: 2, rating: 5 }, ["weight"], "buildInteractions", ["rows", 0], { weight: ["rating", "value", "count"] }),
    );
    expect(e2.message).toMatch(/"rating" but no "weight"/);
    expect(() => checkRowFields({ customerId: 1, sku: "x" }, ["customerId"], "f", ["rows", 0])).not.toThrow();
  });
});
