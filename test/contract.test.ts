// The cross-capability contract (issue 10), over EVERY public export of every subpath and of
// the root entry: the modules are enumerated here, and every function export must have a case
// in test/contract/cases.ts (a factory of valid arguments plus flags). For each case:
//   - an unknown option is INVALID_OPTION, with the key in `path` and the function in the message;
//     `signal` / `onProgress` / `rng` options of the wrong type are INVALID_OPTION;
//   - null / undefined / NaN / wrong-kind / empty arguments are ClienteleErrors with a catalogue code
//     and a message that starts with the public function's name;
//   - deep-frozen inputs are accepted and left unchanged;
//   - the same input (and seed) gives the same output;
//   - results are JSON-clean (no NaN/±Infinity, no typed array serialized as {"0": ...});
//   - fitted models survive JSON.stringify → *FromJSON with equal model and equal predictions;
//   - tampered saved models (wrong kind, wrong version, a negative or absurd parameter, a
//     `__proto__` key from JSON.parse) are rejected without polluting Object.prototype.
// A failing test here is a contract violation in src: the failure lists every offending input.
import { describe, expect, it } from "vitest";
import { CASES, SUBPATHS, json, type Case, type Subpath } from "./contract/cases.js";
import { CODES, deepFreeze, describeError, jsonProblems, outcomeOfAsync, polluted, render, snap, type Outcome } from "./contract/helpers.js";
import { createRng } from "../src/core/rng.js";
import { isClienteleError } from "../src/core/errors.js";

const ROOT = await import("../src/index.js");
const MODULES: Record<Subpath, Record<string, unknown>> = {
  data: await import("../src/data/index.js"),
  rfm: await import("../src/rfm/index.js"),
  cluster: await import("../src/cluster/index.js"),
  clv: await import("../src/clv/index.js"),
  recommend: await import("../src/recommend/index.js"),
  bandit: await import("../src/bandit/index.js"),
  experiment: await import("../src/experiment/index.js"),
  sentiment: await import("../src/sentiment/index.js"),
  journey: await import("../src/journey/index.js"),
  predict: await import("../src/predict/index.js"),
  sql: await import("../src/sql/index.js"),
  plot: await import("../src/plot/index.js"),
  personalize: await import("../src/personalize/index.js"),
};
// the table (cases.ts) imports the same module instances
for (const sub of Object.keys(MODULES) as Subpath[]) if (MODULES[sub] !== (SUBPATHS[sub] as unknown)) throw new Error(`two instances of ${sub}`);

type Fn = (...a: unknown[]) => unknown;
const functionsOf = (m: Record<string, unknown>) => Object.entries(m).filter(([, v]) => typeof v === "function") as [string, Fn][];

/** Runs f (awaiting a promise), turning a sync throw of an async function into a rejection. */
function run(name: string, f: Fn, args: unknown[]): Promise<Outcome> {
  return outcomeOfAsync(() => (name === "ClienteleError" ? new (f as unknown as new (...a: unknown[]) => unknown)(...args) : f(...args)));
}

/** Arguments with the options object at its position (padding with undefined / {}). */
function withOptions(c: Case, args: unknown[], extra: Record<string, unknown>): unknown[] {
  const i = c.options!;
  const out = args.slice();
  while (out.length < i) out.push(undefined);
  const base = out[i];
  out[i] = { ...(base && typeof base === "object" ? base : {}), ...extra };
  return out;
}

function seeded(c: Case, args: unknown[], seed: number): unknown[] {
  if (c.seed === undefined || c.options === undefined) return args;
  return withOptions(c, args, c.seed === "rng" ? { rng: createRng(seed) } : { seed });
}

/** JSON with sorted keys (key order is not part of a model). */
const canon = (x: unknown): string =>
  JSON.stringify(x, (_k, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );

/** Fails with every listed violation, one a line. */
function none(list: readonly string[]): void {
  if (list.length > 0) throw new Error(`${list.length} violation(s):\n${list.join("\n")}`);
}

const base = (name: string) => name.replace(/Async$/, "");

/** Undefined when `o` is a good ClienteleError for `name`; otherwise what is wrong. */
function badError(o: Outcome, name: string, want?: { codes?: readonly string[]; path?: string }): string | undefined {
  if (o.ok) return `returned ${render(o.value)} instead of throwing`;
  const e = o.error;
  if (!isClienteleError(e)) return describeError(e);
  if (!CODES.has(e.code)) return `code ${e.code} is not in the catalogue`;
  if (want?.codes && !want.codes.includes(e.code)) return `code ${e.code}, expected ${want.codes.join(" or ")} (${e.message.slice(0, 120)})`;
  if (want?.path !== undefined && !e.path.map(String).includes(want.path)) return `path ${JSON.stringify(e.path)} does not contain "${want.path}"`;
  if (![name, base(name)].some((n) => e.message.startsWith(`${n}:`) || e.message.startsWith(`${n} (`)))
    return `message does not start with "${name}:": ${e.message.slice(0, 120)}`;
  return undefined;
}

/** The generic bad inputs for an argument whose valid value is `v`. */
function badInputs(v: unknown): [label: string, value: unknown][] {
  const out: [string, unknown][] = [
    ["null", null],
    ["undefined", undefined],
    ["NaN", NaN],
  ];
  if (typeof v === "number") out.push(["wrong-kind", "x"]);
  else if (typeof v === "string") out.push(["wrong-kind", {}], ["empty", ""]);
  else if (typeof v === "boolean") out.push(["wrong-kind", "x"]);
  else out.push(["wrong-kind", 5]);
  if (Array.isArray(v)) out.push(["empty", []]);
  else if (v && typeof v === "object" && !ArrayBuffer.isView(v)) {
    const cols = Object.entries(v).filter(([, x]) => Array.isArray(x) || ArrayBuffer.isView(x));
    if (cols.length > 0 && !("kind" in v))
      out.push([
        "empty",
        Object.fromEntries(
          Object.entries(v).map(([k, x]) => [k, Array.isArray(x) ? [] : ArrayBuffer.isView(x) ? new (x.constructor as Float64ArrayConstructor)(0) : x]),
        ),
      ]);
    else out.push(["empty", {}]);
  }
  return out;
}

/** The first positive finite number under `params` (recursively), negated in place; false if none. */
function negateFirstParam(j: Record<string, unknown>, scale = -1): boolean {
  const walk = (o: unknown): boolean => {
    if (!o || typeof o !== "object") return false;
    for (const [k, x] of Object.entries(o)) {
      if (typeof x === "number" && x > 0) {
        (o as Record<string, unknown>)[k] = scale < 0 ? -x : x * scale;
        return true;
      }
      if (walk(x)) return true;
    }
    return false;
  };
  return walk(j.params);
}

describe("contract: every function export has a case", () => {
  for (const [sub, mod] of Object.entries(MODULES) as [Subpath, Record<string, unknown>][]) {
    it(`${sub}: every function export is registered in test/contract/cases.ts`, () => {
      const missing = functionsOf(mod)
        .map(([n]) => n)
        .filter((n) => !(n in CASES[sub]));
      expect(missing.map((n) => `add a contract case for ${sub}.${n}`)).toEqual([]);
      const stale = Object.keys(CASES[sub]).filter((n) => typeof mod[n] !== "function");
      expect(stale.map((n) => `case ${sub}.${n} names no function export (remove it)`)).toEqual([]);
    });
    it(`${sub}: re-exports ClienteleError, isClienteleError, createRng and isRng`, () => {
      for (const n of ["ClienteleError", "isClienteleError", "createRng", "isRng"]) expect(typeof mod[n], `${sub}.${n}`).toBe("function");
    });
  }
  it("root: every function export is the same function as a subpath export of that name", () => {
    const orphans = functionsOf(ROOT as Record<string, unknown>)
      .filter(([n, f]) => !Object.values(MODULES).some((m) => m[n] === f))
      .map(([n]) => `root export ${n} is not a subpath export: add it to a subpath (or a case)`);
    expect(orphans).toEqual([]);
  });
  it("every subpath function export is also exported from the root", () => {
    const missing: string[] = [];
    for (const [sub, mod] of Object.entries(MODULES))
      for (const [n, f] of functionsOf(mod)) if ((ROOT as Record<string, unknown>)[n] !== f) missing.push(`${sub}.${n}`);
    expect(missing).toEqual([]);
  });
});

for (const [sub, mod] of Object.entries(MODULES) as [Subpath, Record<string, unknown>][]) {
  describe(`contract: ${sub}`, () => {
    for (const [name, f] of functionsOf(mod)) {
      const c = CASES[sub][name];
      if (!c || c.utility) continue;
      const label = `${sub}.${name}`;

      it(`${label}: a valid call returns a JSON-clean result, the same twice (same seed)`, async () => {
        const a = await run(name, f, seeded(c, c.args(), 7));
        if (!a.ok) throw new Error(`${label}(valid args) threw ${describeError(a.error)}`);
        none(jsonProblems(a.value).map((x) => `${label}(valid args) → not JSON-clean: ${x}`));
        const b = await run(name, f, seeded(c, c.args(), 7));
        expect(b.ok).toBe(true);
        expect(snap(b.ok && b.value), `${label}: same input and seed, same output`).toBe(snap(a.value));
      });

      if (c.options !== undefined) {
        it(`${label}: an unknown option is INVALID_OPTION naming the key and the function`, async () => {
          const o = await run(name, f, withOptions(c, c.args(), { notAnOption: 1 }));
          expect(badError(o, name, { codes: ["INVALID_OPTION"], path: "notAnOption" }) ?? "ok").toBe("ok");
          const problems: string[] = [];
          for (const t of c.typed ?? []) {
            const r = await run(name, f, withOptions(c, c.args(), { [t]: 5 }));
            const why = badError(r, name, { codes: ["INVALID_OPTION"], path: t });
            if (why) problems.push(`{ ${t}: 5 } → ${why}`);
          }
          for (const [l, v] of [
            ["null", null],
            ["5", 5],
            ["[]", []],
            ['"x"', "x"],
          ] as const) {
            const args = c.args().slice();
            while (args.length < c.options!) args.push(undefined);
            args[c.options!] = v;
            const why = badError(await run(name, f, args), name, { codes: ["INVALID_OPTION", "INVALID_INPUT"] });
            if (why) problems.push(`options = ${l} → ${why}`);
          }
          none(problems);
        });
      }

      it(`${label}: null / undefined / NaN / wrong-kind / empty arguments are ClienteleErrors naming ${name}`, async () => {
        const valid = c.args();
        const positions = c.checkArgs ?? valid.map((_, i) => i).filter((i) => i !== c.options);
        const problems: string[] = [];
        for (const i of positions) {
          for (const [l, v] of badInputs(valid[i])) {
            if (c.accepts?.includes(`arg${i}:${l}`)) continue;
            const args = c.args();
            args[i] = v;
            const why = badError(await run(name, f, seeded(c, args, 7)), name);
            if (why) problems.push(`arg ${i} ${l} (${render(v)}) → ${why}`);
          }
        }
        none(problems);
        expect(polluted()).toBeUndefined();
      });

      it(`${label}: deep-frozen inputs are accepted and unchanged`, async () => {
        const args = c.args();
        const keep = new Set((c.mutates ?? []).map((i) => args[i]));
        const frozen = args.map((a) => (keep.has(a) ? a : deepFreeze(a)));
        const before = frozen.map((a, i) => (c.mutates?.includes(i) ? "" : snap(a)));
        const o = await run(name, f, seeded(c, frozen, 7));
        if (!o.ok) throw new Error(`${label}(frozen args) threw ${describeError(o.error)}`);
        frozen.forEach((a, i) => {
          if (!c.mutates?.includes(i)) expect(snap(a), `${label} mutated argument ${i}`).toBe(before[i]);
        });
      });

      if (c.fromJSON) {
        it(`${label}: the result survives JSON.stringify → ${c.fromJSON} (same model, same predictions)`, async () => {
          const load = mod[c.fromJSON!] as Fn;
          expect(typeof load, `${sub}.${c.fromJSON} is exported`).toBe("function");
          const o = await run(name, f, seeded(c, c.args(), 7));
          if (!o.ok) throw new Error(`${label} threw ${describeError(o.error)}`);
          const model = o.value;
          const text = JSON.stringify(model);
          const again = load(JSON.parse(text));
          expect(canon(again), "reloaded model (keys sorted)").toBe(canon(model));
          if (c.predict) expect(snap(c.predict(again))).toBe(snap(c.predict(model)));
        });
      }

      if (c.loads) {
        it(`${label}: tampered saved models are rejected without polluting Object.prototype`, () => {
          const saved = c.args()[0] as Record<string, unknown>;
          const problems: string[] = [];
          const expectReject = (what: string, m: unknown, codes: readonly string[]) => {
            let o: Outcome;
            try {
              o = { ok: true, value: f(m) };
            } catch (error) {
              o = { ok: false, error };
            }
            const why = badError(o, name, { codes });
            if (why) problems.push(`${what} → ${why}`);
            const p = polluted();
            if (p) problems.push(`${what} → ${p}`);
          };
          const MODEL = ["INVALID_MODEL", "WRONG_MODEL_KIND", "UNSUPPORTED_MODEL_VERSION"];
          expectReject('kind: "not-a-model"', { ...json(saved), kind: "not-a-model" }, ["WRONG_MODEL_KIND", "INVALID_MODEL"]);
          expectReject("kind missing", (({ kind: _k, ...rest }) => rest)(json(saved)), ["WRONG_MODEL_KIND", "INVALID_MODEL"]);
          expectReject("version: 999", { ...json(saved), version: 999 }, ["UNSUPPORTED_MODEL_VERSION", "INVALID_MODEL"]);
          expectReject('version: "1"', { ...json(saved), version: "1" }, ["UNSUPPORTED_MODEL_VERSION", "INVALID_MODEL"]);
          const neg = json(saved);
          if (c.negate) c.negate(neg);
          else if (!negateFirstParam(neg)) problems.push("no positive parameter under `params`: give the case a `negate`");
          expectReject("a negative parameter", neg, MODEL);
          if (!c.negate) {
            const huge = json(saved);
            negateFirstParam(huge, 1e300);
            expectReject("a parameter × 1e300", huge, MODEL);
            const nan = json(saved);
            const k = Object.keys((nan.params ?? {}) as object)[0];
            if (k) {
              nan.params[k] = null;
              expectReject(`params.${k} = null`, nan, MODEL);
            }
          }
          const text = JSON.stringify(saved);
          expectReject("a top-level __proto__ key (JSON.parse)", JSON.parse(text.replace(/^\{/, '{"__proto__":{"polluted":1,"kind":"x"},')), MODEL);
          if (saved.params && typeof saved.params === "object") {
            expectReject("a __proto__ key in params (JSON.parse)", JSON.parse(text.replace('"params":{', '"params":{"__proto__":{"polluted":1},')), MODEL);
          }
          if (typeof saved.kind === "string" && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(saved.kind)) problems.push(`kind "${saved.kind}" is not lowercase kebab-case`);
          if (c.legacyKind) {
            try {
              const m = f({ ...json(saved), kind: c.legacyKind }) as { kind?: unknown };
              if (m?.kind !== saved.kind) problems.push(`legacy kind "${c.legacyKind}" loads as kind ${render(m?.kind)}, expected "${saved.kind}"`);
            } catch (e) {
              problems.push(`legacy kind "${c.legacyKind}" → ${describeError(e)} (old tags must still load)`);
            }
          }
          expectReject("null", null, MODEL.concat("INVALID_INPUT"));
          expectReject("an array", [saved], MODEL.concat("INVALID_INPUT"));
          none(problems);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        });
      }
    }
  });
}
