// Internal: models known to be valid (fitted here, or checked once by a *FromJSON-style parse),
// so prediction functions validate an object once and then trust it.

const valid = new WeakMap<object, object>();

/** Records a model a fit function just built as valid (it maps to itself). Returns it. */
export function registerModel<M extends object>(model: M): M {
  valid.set(model, model);
  return model;
}

/** The checked (normalized) model recorded for `value`, if any. */
export function knownModel(value: unknown): object | undefined {
  return value !== null && typeof value === "object" ? valid.get(value) : undefined;
}

/** Records `parsed` as the checked form of `value` (and of itself). */
export function rememberModel(value: object, parsed: object): void {
  valid.set(value, parsed);
  valid.set(parsed, parsed);
}
