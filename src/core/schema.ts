// The library's own boundary validator: a small, zod-compatible subset (same builder names,
// same chaining, same `output<>` type inference) so schemas read as they did under zod, but
// about 1.5 kB min+gzip instead of zod's 22 kB (classic) or 4.8 kB floor (zod/mini), and
// with the library's own rules built in:
//   - objects are STRICT by default: an unknown key is an issue naming the key and the
//     nearest valid one (`looseObject` / `.passthrough()` for the rare open object);
//   - numbers are always finite (NaN and ±Infinity are rejected, as in zod 4);
//   - outputs are built with own data properties only, so a `__proto__` key in JSON
//     cannot reach `Object.prototype`.
// Internal: public functions call `parseOptions` / `parseWith` in ./validate.ts.

/** One problem found by a schema. `keys` is set for unknown keys (`code: "unrecognized_keys"`). */
export interface SchemaIssue {
  code: "invalid_type" | "too_small" | "too_big" | "not_integer" | "invalid_value" | "unrecognized_keys" | "custom";
  path: (string | number)[];
  message: string;
  /** Unknown keys, for `unrecognized_keys`. */
  keys?: string[];
  /** Valid keys of the object that had unknown keys. */
  known?: string[];
}

/** The failure value of `safeParse`. */
export interface SchemaError {
  issues: SchemaIssue[];
}

export type SafeParseResult<T> = { success: true; data: T } | { success: false; error: SchemaError; data?: undefined };

const FAIL: unique symbol = Symbol("fail");
type Fail = typeof FAIL;

interface Ctx {
  issues: SchemaIssue[];
}

function issue(ctx: Ctx, path: (string | number)[], code: SchemaIssue["code"], message: string, extra?: Partial<SchemaIssue>): Fail {
  ctx.issues.push({ code, path: [...path], message, ...extra });
  return FAIL;
}

function kindOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number" && Number.isNaN(v)) return "NaN";
  return typeof v;
}

type Message = string | { message: string };
const msg = (m: Message | undefined, fallback: string): string => (m === undefined ? fallback : typeof m === "string" ? m : m.message);

/** Base class of every schema. `O` is the parsed output type. */
export abstract class ZodType<O = unknown> {
  declare readonly _output: O;
  /** Discriminates optional schemas for object key inference. */
  readonly _optional: boolean = false;

  /** Refinements added with `.refine`, run after the type's own checks. */
  private _refinements: ReadonlyArray<{ check: (v: any) => boolean; message: string }> = [];

  /** @internal The type's own checks. */
  abstract _check(value: unknown, path: (string | number)[], ctx: Ctx): O | Fail;

  /** @internal */
  _parse(value: unknown, path: (string | number)[], ctx: Ctx): O | Fail {
    const out = this._check(value, path, ctx);
    if (out === FAIL || this._refinements.length === 0) return out;
    if (out === undefined && this._optional) return out;
    for (const r of this._refinements) if (!r.check(out)) return issue(ctx, path, "custom", r.message);
    return out;
  }

  safeParse(value: unknown): SafeParseResult<O> {
    const ctx: Ctx = { issues: [] };
    const out = this._parse(value, [], ctx);
    if (out === FAIL || ctx.issues.length > 0) return { success: false, error: { issues: ctx.issues } };
    return { success: true, data: out as O };
  }

  parse(value: unknown): O {
    const r = this.safeParse(value);
    if (!r.success) throw new Error(r.error.issues[0].message);
    return r.data;
  }

  optional(): ZodOptional<O> {
    return new ZodOptional(this);
  }
  nullable(): ZodType<O | null> {
    return new ZodNullable(this);
  }
  default(value: Exclude<O, undefined> | (() => Exclude<O, undefined>)): ZodType<Exclude<O, undefined>> {
    return new ZodDefault<Exclude<O, undefined>>(this as ZodType<Exclude<O, undefined> | undefined>, value);
  }
  /** Adds a check; the schema keeps its type, so chaining continues (`.refine(...).optional()`). */
  refine(check: (v: O) => boolean, message?: Message): this {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(this)), this) as this;
    (copy as unknown as { _refinements: unknown[] })._refinements = [...this._refinements, { check, message: msg(message, "is invalid") }];
    return copy;
  }
}

export type output<S> = S extends ZodType<infer O> ? O : never;
export type infer<S> = output<S>;

export class ZodOptional<O> extends ZodType<O | undefined> {
  override readonly _optional = true as const;
  constructor(readonly inner: ZodType<O>) {
    super();
  }
  _check(v: unknown, path: (string | number)[], ctx: Ctx): O | undefined | Fail {
    return v === undefined ? undefined : this.inner._parse(v, path, ctx);
  }
}

class ZodNullable<O> extends ZodType<O | null> {
  constructor(readonly inner: ZodType<O>) {
    super();
  }
  _check(v: unknown, path: (string | number)[], ctx: Ctx): O | null | Fail {
    return v === null ? null : this.inner._parse(v, path, ctx);
  }
}

// A key with a default may be omitted by the caller; its output is always present.
class ZodDefault<O> extends ZodType<O> {
  constructor(
    readonly inner: ZodType<O | undefined>,
    readonly value: O | (() => O),
  ) {
    super();
  }
  _check(v: unknown, path: (string | number)[], ctx: Ctx): O | Fail {
    if (v === undefined) return typeof this.value === "function" ? (this.value as () => O)() : this.value;
    return this.inner._parse(v, path, ctx) as O | Fail;
  }
}

type NumCheck = (v: number, path: (string | number)[], ctx: Ctx) => boolean;

export class ZodNumber extends ZodType<number> {
  constructor(readonly checks: readonly NumCheck[] = []) {
    super();
  }
  _check(v: unknown, path: (string | number)[], ctx: Ctx): number | Fail {
    if (typeof v !== "number") return issue(ctx, path, "invalid_type", `expected a number, received ${kindOf(v)}`);
    if (!Number.isFinite(v)) return issue(ctx, path, "invalid_type", "expected a finite number");
    for (const c of this.checks) if (!c(v, path, ctx)) return FAIL;
    return v;
  }
  private with(c: NumCheck): ZodNumber {
    return new ZodNumber([...this.checks, c]);
  }
  private bound(ok: (v: number) => boolean, code: SchemaIssue["code"], text: string, m?: Message): ZodNumber {
    return this.with((v, path, ctx) => ok(v) || (issue(ctx, path, code, msg(m, text)), false));
  }
  int(m?: Message): ZodNumber {
    return this.bound(Number.isInteger, "not_integer", "must be an integer", m);
  }
  min(n: number, m?: Message): ZodNumber {
    return this.bound((v) => v >= n, "too_small", `must be >= ${n}`, m);
  }
  gte(n: number, m?: Message): ZodNumber {
    return this.min(n, m);
  }
  max(n: number, m?: Message): ZodNumber {
    return this.bound((v) => v <= n, "too_big", `must be <= ${n}`, m);
  }
  lte(n: number, m?: Message): ZodNumber {
    return this.max(n, m);
  }
  gt(n: number, m?: Message): ZodNumber {
    return this.bound((v) => v > n, "too_small", `must be > ${n}`, m);
  }
  lt(n: number, m?: Message): ZodNumber {
    return this.bound((v) => v < n, "too_big", `must be < ${n}`, m);
  }
  positive(m?: Message): ZodNumber {
    return this.gt(0, m);
  }
  nonnegative(m?: Message): ZodNumber {
    return this.min(0, m);
  }
  /** Numbers are always finite here; kept for zod compatibility. */
  finite(): ZodNumber {
    return this;
  }
  safe(): ZodNumber {
    return this.bound((v) => Math.abs(v) <= Number.MAX_SAFE_INTEGER, "too_big", "must be a safe integer");
  }
}

export class ZodString extends ZodType<string> {
  constructor(
    readonly minLen = 0,
    readonly maxLen = Infinity,
  ) {
    super();
  }
  _check(v: unknown, path: (string | number)[], ctx: Ctx): string | Fail {
    if (typeof v !== "string") return issue(ctx, path, "invalid_type", `expected a string, received ${kindOf(v)}`);
    if (v.length < this.minLen) return issue(ctx, path, "too_small", this.minLen === 1 ? "must not be empty" : `must have at least ${this.minLen} characters`);
    if (v.length > this.maxLen) return issue(ctx, path, "too_big", `must have at most ${this.maxLen} characters`);
    return v;
  }
  min(n: number): ZodString {
    return new ZodString(n, this.maxLen);
  }
  max(n: number): ZodString {
    return new ZodString(this.minLen, n);
  }
  nonempty(): ZodString {
    return this.min(1);
  }
}

class ZodPrimitive<O> extends ZodType<O> {
  constructor(
    readonly test: (v: unknown) => boolean,
    readonly expected: string,
  ) {
    super();
  }
  _check(v: unknown, path: (string | number)[], ctx: Ctx): O | Fail {
    return this.test(v) ? (v as O) : issue(ctx, path, "invalid_type", `expected ${this.expected}, received ${kindOf(v)}`);
  }
}

class ZodLiteral<O> extends ZodType<O> {
  constructor(readonly values: readonly O[]) {
    super();
  }
  _check(v: unknown, path: (string | number)[], ctx: Ctx): O | Fail {
    for (const x of this.values) if (Object.is(x, v)) return v as O;
    return issue(ctx, path, "invalid_value", `expected ${this.values.map((x) => JSON.stringify(x)).join(" or ")}`);
  }
}

export class ZodEnum<O extends string> extends ZodType<O> {
  constructor(readonly options: readonly O[]) {
    super();
  }
  _check(v: unknown, path: (string | number)[], ctx: Ctx): O | Fail {
    if (typeof v === "string" && (this.options as readonly string[]).includes(v)) return v as O;
    return issue(ctx, path, "invalid_value", `expected one of ${this.options.map((x) => JSON.stringify(x)).join(", ")}`);
  }
}

export class ZodArray<O> extends ZodType<O[]> {
  constructor(
    readonly item: ZodType<O>,
    readonly minLen = 0,
    readonly maxLen = Infinity,
  ) {
    super();
  }
  _check(v: unknown, path: (string | number)[], ctx: Ctx): O[] | Fail {
    if (!Array.isArray(v)) return issue(ctx, path, "invalid_type", `expected an array, received ${kindOf(v)}`);
    if (v.length < this.minLen) return issue(ctx, path, "too_small", `must have at least ${this.minLen} element(s)`);
    if (v.length > this.maxLen) return issue(ctx, path, "too_big", `must have at most ${this.maxLen} element(s)`);
    const out: O[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      const r = this.item._parse(v[i], path, ctx);
      path.pop();
      if (r === FAIL) return FAIL;
      out[i] = r;
    }
    return out;
  }
  min(n: number): ZodArray<O> {
    return new ZodArray(this.item, n, this.maxLen);
  }
  max(n: number): ZodArray<O> {
    return new ZodArray(this.item, this.minLen, n);
  }
  length(n: number): ZodArray<O> {
    return new ZodArray(this.item, n, n);
  }
  nonempty(): ZodArray<O> {
    return this.min(1);
  }
}

type Shape = Record<string, ZodType<any>>;
type OptKeys<S extends Shape> = { [K in keyof S]: S[K]["_optional"] extends true ? K : never }[keyof S];
type Flat<T> = { [K in keyof T]: T[K] } & {};
export type ObjectOutput<S extends Shape> = Flat<{ [K in Exclude<keyof S, OptKeys<S>>]: output<S[K]> } & { [K in OptKeys<S>]?: output<S[K]> }>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v) && !(v instanceof Date) && !(v instanceof Map);
}

/** Sets an own enumerable data property, safe for keys such as `__proto__`. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

export class ZodObject<S extends Shape, O = ObjectOutput<S>> extends ZodType<O> {
  constructor(
    readonly shape: S,
    readonly loose = false,
  ) {
    super();
  }
  _check(v: unknown, path: (string | number)[], ctx: Ctx): O | Fail {
    if (!isPlainObject(v)) return issue(ctx, path, "invalid_type", `expected an object, received ${kindOf(v)}`);
    const keys = Object.keys(this.shape);
    if (!this.loose) {
      const unknown = Object.keys(v).filter((k) => !Object.hasOwn(this.shape, k));
      if (unknown.length > 0) {
        return issue(ctx, path, "unrecognized_keys", `unknown key${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => JSON.stringify(k)).join(", ")}`, {
          keys: unknown,
          known: keys,
        });
      }
    }
    const out: Record<string, unknown> = {};
    if (this.loose) for (const k of Object.keys(v)) if (!Object.hasOwn(this.shape, k)) setOwn(out, k, v[k]);
    for (const k of keys) {
      const has = Object.hasOwn(v, k);
      path.push(k);
      const r = this.shape[k]._parse(has ? v[k] : undefined, path, ctx);
      path.pop();
      if (r === FAIL) return FAIL;
      if (r !== undefined || has) setOwn(out, k, r);
    }
    return out as O;
  }
  strict(): this {
    return this;
  }
  passthrough(): ZodObject<S, O & Record<string, unknown>> {
    return new ZodObject(this.shape, true) as ZodObject<S, O & Record<string, unknown>>;
  }
  extend<E extends Shape>(extra: E): ZodObject<Flat<Omit<S, keyof E> & E>> {
    return new ZodObject({ ...this.shape, ...extra } as Flat<Omit<S, keyof E> & E>, this.loose);
  }
  /** The option names of this object (for "did you mean" hints). */
  keyof(): string[] {
    return Object.keys(this.shape);
  }
}

class ZodRecord<V> extends ZodType<Record<string, V>> {
  constructor(
    readonly key: ZodType<string>,
    readonly value: ZodType<V>,
  ) {
    super();
  }
  _check(v: unknown, path: (string | number)[], ctx: Ctx): Record<string, V> | Fail {
    if (!isPlainObject(v)) return issue(ctx, path, "invalid_type", `expected an object, received ${kindOf(v)}`);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      path.push(k);
      const kr = this.key._parse(k, path, ctx);
      const r = kr === FAIL ? FAIL : this.value._parse(v[k], path, ctx);
      path.pop();
      if (r === FAIL) return FAIL;
      setOwn(out, k, r);
    }
    return out as Record<string, V>;
  }
}

type TupleOut<T extends readonly ZodType<any>[]> = { -readonly [K in keyof T]: output<T[K]> };

class ZodTuple<T extends readonly ZodType<any>[]> extends ZodType<TupleOut<T>> {
  constructor(readonly items: T) {
    super();
  }
  _check(v: unknown, path: (string | number)[], ctx: Ctx): TupleOut<T> | Fail {
    if (!Array.isArray(v)) return issue(ctx, path, "invalid_type", `expected an array of ${this.items.length}, received ${kindOf(v)}`);
    if (v.length !== this.items.length) return issue(ctx, path, "invalid_value", `expected exactly ${this.items.length} elements, received ${v.length}`);
    const out: unknown[] = [];
    for (let i = 0; i < this.items.length; i++) {
      path.push(i);
      const r = this.items[i]._parse(v[i], path, ctx);
      path.pop();
      if (r === FAIL) return FAIL;
      out.push(r);
    }
    return out as TupleOut<T>;
  }
}

class ZodUnion<T extends readonly ZodType<any>[]> extends ZodType<output<T[number]>> {
  constructor(readonly options: T) {
    super();
  }
  _check(v: unknown, path: (string | number)[], ctx: Ctx): output<T[number]> | Fail {
    let best: SchemaIssue[] | null = null;
    for (const o of this.options) {
      const sub: Ctx = { issues: [] };
      const r = o._parse(v, path, sub);
      if (r !== FAIL && sub.issues.length === 0) return r;
      // Report the alternative that got furthest (deepest path), else a summary.
      if (best === null || sub.issues[0].path.length > best[0].path.length) best = sub.issues;
    }
    if (best && best[0].path.length > path.length) {
      ctx.issues.push(...best);
      return FAIL;
    }
    return issue(ctx, path, "invalid_type", `does not match any allowed form (${this.options.map(describeSchema).join(" | ")})`);
  }
}

function describeSchema(s: ZodType<any>): string {
  if (s instanceof ZodNumber) return "number";
  if (s instanceof ZodString) return "string";
  if (s instanceof ZodEnum) return s.options.map((x: string) => JSON.stringify(x)).join(" | ");
  if (s instanceof ZodLiteral) return s.values.map((x) => JSON.stringify(x)).join(" | ");
  if (s instanceof ZodArray) return "array";
  if (s instanceof ZodObject || s instanceof ZodRecord) return "object";
  if (s instanceof ZodPrimitive) return s.expected;
  return "value";
}

class ZodCustom<O> extends ZodType<O> {
  constructor(
    readonly test: (v: unknown) => boolean,
    readonly message: string,
  ) {
    super();
  }
  _check(v: unknown, path: (string | number)[], ctx: Ctx): O | Fail {
    return this.test(v) ? (v as O) : issue(ctx, path, "custom", this.message);
  }
}

// ---- builders (zod's names) ----

export const number = (): ZodNumber => new ZodNumber();
export const int = (): ZodNumber => new ZodNumber().int();
export const string = (): ZodString => new ZodString();
export const boolean = (): ZodType<boolean> => new ZodPrimitive<boolean>((v) => typeof v === "boolean", "true or false");
export const date = (): ZodType<Date> => new ZodPrimitive<Date>((v) => v instanceof Date && !Number.isNaN(v.getTime()), "a valid Date");
export const any = (): ZodType<any> => new ZodPrimitive<any>(() => true, "anything");
export const unknown = (): ZodType<unknown> => new ZodPrimitive<unknown>(() => true, "anything");
export const literal = <const L extends string | number | boolean | null>(value: L | readonly L[]): ZodType<L> =>
  new ZodLiteral<L>(Array.isArray(value) ? (value as readonly L[]) : [value as L]);
const enumOf = <const E extends string>(values: readonly E[]): ZodEnum<E> => new ZodEnum<E>(values);
export { enumOf as enum };
export const array = <O>(item: ZodType<O>): ZodArray<O> => new ZodArray(item);
export const object = <S extends Shape>(shape: S): ZodObject<S> => new ZodObject(shape);
export const strictObject = object;
export const looseObject = <S extends Shape>(shape: S): ZodObject<S, ObjectOutput<S> & Record<string, unknown>> =>
  new ZodObject(shape, true) as ZodObject<S, ObjectOutput<S> & Record<string, unknown>>;
export const record = <V>(key: ZodType<string>, value: ZodType<V>): ZodType<Record<string, V>> => new ZodRecord(key, value);
export const tuple = <const T extends readonly ZodType<any>[]>(items: T): ZodType<TupleOut<T>> => new ZodTuple(items);
export const union = <const T extends readonly ZodType<any>[]>(options: T): ZodType<output<T[number]>> => new ZodUnion(options);
export const custom = <O>(test: (v: unknown) => boolean, message?: Message): ZodType<O> => new ZodCustom<O>(test, msg(message, "is invalid"));
export const instanceOf = <C extends abstract new (...args: any) => any>(cls: C): ZodType<InstanceType<C>> =>
  new ZodCustom<InstanceType<C>>((v) => v instanceof cls, `expected an instance of ${cls.name}`);
export { instanceOf as instanceof };
/** A function value (any arity). */
export const fn = <F extends (...args: any[]) => any = (...args: any[]) => any>(): ZodType<F> =>
  new ZodPrimitive<F>((v) => typeof v === "function", "a function");
export { fn as function };
/** An AbortSignal (checked structurally, so signals from any realm pass). */
export const signal = (): ZodType<AbortSignal> =>
  new ZodCustom<AbortSignal>(
    (v) => typeof v === "object" && v !== null && typeof (v as AbortSignal).aborted === "boolean" && typeof (v as AbortSignal).addEventListener === "function",
    "expected an AbortSignal (e.g. AbortSignal.timeout(5000) or new AbortController().signal)",
  );
