// Option schemas shared by every capability: generators, signals, progress callbacks.
import * as z from "./schema.js";
import { isRng, type Rng } from "./rng.js";
import { TIME_UNITS, type TimeUnit } from "./time.js";

/** `rng`: a generator from createRng(seed). */
export const rngOption = (): z.ZodType<Rng> => z.custom<Rng>((v) => isRng(v), "expected a generator from createRng(seed)");

/** `signal`: an AbortSignal. */
export const signalOption = (): z.ZodType<AbortSignal> => z.signal();

/** `onProgress`: a callback. */
export const progressOption = <P>(): z.ZodType<(progress: P) => void> => z.function<(progress: P) => void>();

/** `timeUnit`: "day" | "week" | "month". */
export const timeUnitOption = (): z.ZodType<TimeUnit> => z.enum(TIME_UNITS as readonly TimeUnit[]);

/** `seed`: a safe integer. */
export const seedOption = (): z.ZodNumber => z.number().int().safe();
