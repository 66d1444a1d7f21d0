// Results with typed-array columns stay fast in memory and still serialize as plain JSON.

function plain(v: unknown): unknown {
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === "object" && !(v instanceof Date) && !(v instanceof Map) && !(v instanceof Set)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      const x = plain((v as Record<string, unknown>)[k]);
      if (k === "__proto__") Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
      else out[k] = x;
    }
    return out;
  }
  return v;
}

/**
 * Gives a columnar result a non-enumerable `toJSON`, so `JSON.stringify(result)` writes each
 * typed-array column as a JSON array (`[1, 2]`, not `{"0": 1, "1": 2}`). The result's own
 * enumerable fields are unchanged. A bare typed array (a result that is one column) serializes as
 * a JSON array too. Returns `result`. Internal.
 */
export function jsonColumns<T extends object>(result: T): T {
  if (ArrayBuffer.isView(result)) {
    // A bare typed-array result (e.g. one probability per customer): serialize as an array.
    Object.defineProperty(result, "toJSON", {
      value: function (this: ArrayLike<number>) {
        return Array.from(this);
      },
      enumerable: false,
      writable: true,
      configurable: true,
    });
    return result;
  }
  Object.defineProperty(result, "toJSON", {
    value: function (this: T) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(this)) {
        const x = plain((this as Record<string, unknown>)[k]);
        if (k === "__proto__") Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
        else out[k] = x;
      }
      return out;
    },
    enumerable: false,
    writable: true,
    configurable: true,
  });
  return result;
}
