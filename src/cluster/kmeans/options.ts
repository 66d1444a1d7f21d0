// Options of fitKMeans: the schema, their parsing against the data, explicit initial centers. Internal.
import * as z from "../../core/schema.js";
import { ClienteleError } from "../../core/errors.js";
import { createRng } from "../../core/rng.js";
import { progressOption, rngOption, signalOption } from "../../core/options.js";
import { parseOptions } from "../../core/validate.js";
import { checkK, toWeights } from "../internal.js";
import type { KMeansProgress, KMeansRunOptions } from "./types.js";

const fnSchema = progressOption<KMeansProgress>();
const signalSchema = signalOption();
const rngSchema = rngOption();

const fitKMeansSchema = z
  .object({
    k: z.number(),
    init: z.union([z.enum(["k-means++", "random"]), z.array(z.array(z.number().finite()))]).default("k-means++"),
    nInit: z.number().int().positive().optional(),
    maxIter: z.number().int().positive().default(300),
    tol: z.number().finite().nonnegative().default(1e-4),
    weights: z.any().optional(),
    rng: rngSchema.optional(),
    onProgress: fnSchema.optional(),
    signal: signalSchema.optional(),
  })
  .strict();

/** Validates explicit initial centers against k and d; returns them flat. Internal. */
export function initCentersFlat(init: number[][], k: number, d: number, fn: string): Float64Array {
  if (init.length !== k) {
    throw new ClienteleError({
      code: "SHAPE_MISMATCH",
      path: ["options", "init"],
      received: init.length,
      message: `${fn}: options.init has ${init.length} centers but k is ${k}. Pass exactly k starting centers.`,
    });
  }
  const out = new Float64Array(k * d);
  for (let j = 0; j < k; j++) {
    if (init[j].length !== d) {
      throw new ClienteleError({
        code: "SHAPE_MISMATCH",
        path: ["options", "init", j],
        received: init[j].length,
        message: `${fn}: options.init[${j}] has ${init[j].length} coordinates but points have ${d}.`,
      });
    }
    for (let t = 0; t < d; t++) out[j * d + t] = init[j][t];
  }
  return out;
}

/** Parses and checks fitKMeans options against the data shape. Internal. */
export function parseKMeansOptions(options: unknown, n: number, fn: string): KMeansRunOptions {
  const o = parseOptions(fitKMeansSchema, options, fn);
  checkK(o.k, n, fn);
  const nInit = o.nInit ?? (o.init === "random" ? 10 : 1);
  return {
    k: o.k,
    init: o.init,
    nInit: Array.isArray(o.init) ? 1 : nInit,
    maxIter: o.maxIter,
    tol: o.tol,
    weights: toWeights(o.weights as ArrayLike<number> | undefined, n, fn),
    rng: o.rng ?? createRng(0),
    onProgress: o.onProgress,
    signal: o.signal,
  };
}
