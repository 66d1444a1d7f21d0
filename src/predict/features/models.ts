// Internal: the library's own model outputs as features (`include`), through the public entries
// of clientele/clv, clientele/rfm and clientele/cluster, fitted on the snapshot itself (data on or
// before asOf only).
import { ClienteleError, isClienteleError } from "../../core/errors.js";
import { createRng } from "../../core/rng.js";
import { conditionalExpectedPurchases, fitBgNbd, probabilityAlive, type BgNbdModel } from "../../clv/index.js";
import { scoreRfm } from "../../rfm/index.js";
import { fitKMeans, fitScaler, transformPoints } from "../../cluster/index.js";
import type { RawSnapshot } from "./compute.js";
import type { IncludeModel } from "./options.js";

/** Columns added by one included model. */
export interface ModelColumns {
  names: string[];
  columns: Float64Array[];
  /** Categorical columns among them, with their levels. */
  categorical: Record<string, string[]>;
  bgnbd?: BgNbdModel;
}

/** Names each included model adds, in column order. */
export const INCLUDE_NAMES: Readonly<Record<IncludeModel, readonly string[]>> = {
  bgnbd: ["bgnbd_expected_purchases", "bgnbd_p_alive"],
  rfm: ["rfm_r", "rfm_f", "rfm_m", "rfm_score"],
  cluster: ["cluster"],
};

/** Re-throws a sibling capability's error under the public function's name. */
function under<T>(fn: string, model: string, body: () => T): T {
  try {
    return body();
  } catch (e) {
    if (isClienteleError(e)) {
      throw new ClienteleError({
        code: e.code,
        path: ["options", "include", model],
        received: e.received,
        message: `${fn}: include "${model}" failed: ${e.message}`,
      });
    }
    throw e;
  }
}

/** BTYD summary (x, t_x, T) in weeks of the snapshot's customers. */
function btyd(s: RawSnapshot, asOf: number): { frequency: Float64Array; recency: Float64Array; T: Float64Array; timeUnit: "week" } {
  const n = s.order.length;
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    frequency[i] = s.purchaseDays[i] - 1;
    recency[i] = (s.lastDay[i] - s.firstDay[i]) / 7;
    T[i] = (asOf - s.firstDay[i]) / 7;
  }
  return { frequency, recency, T, timeUnit: "week" };
}

/**
 * Fits and scores the included models on the snapshot: BG/NBD (weeks) expected purchases in the
 * next `modelHorizon` days and P(alive); RFM 1-5 scores (time since last purchase, purchase days,
 * net spend) and their sum; a K-Means cluster of the z-scored log1p (recency, frequency, spend).
 */
export function includeModels(
  s: RawSnapshot,
  ids: string[],
  asOf: number,
  include: readonly IncludeModel[],
  modelHorizon: number,
  clusters: number,
  seed: number,
  fn: string,
): ModelColumns {
  const out: ModelColumns = { names: [], columns: [], categorical: {} };
  const n = s.order.length;
  const recencyDays = s.columns[0];
  for (const m of (["bgnbd", "rfm", "cluster"] as const).filter((x) => include.includes(x))) {
    if (m === "bgnbd") {
      const cols = btyd(s, asOf);
      const model = under(fn, m, () => fitBgNbd(cols, { timeUnit: "week" }));
      const ep = under(fn, m, () => conditionalExpectedPurchases(model, cols, modelHorizon / 7));
      const pa = under(fn, m, () => probabilityAlive(model, cols));
      out.names.push(...INCLUDE_NAMES.bgnbd);
      out.columns.push(Float64Array.from(ep), Float64Array.from(pa));
      out.bgnbd = model;
    } else if (m === "rfm") {
      const sc = under(fn, m, () =>
        scoreRfm(
          { id: ids, recency: recencyDays, frequency: s.purchaseDays, totalSpend: s.spend, purchaseDays: s.purchaseDays },
          { recencyConvention: "since-last" },
        ),
      );
      const r = Float64Array.from(sc.r);
      const f = Float64Array.from(sc.f);
      const mm = Float64Array.from(sc.m);
      const total = new Float64Array(n);
      for (let i = 0; i < n; i++) total[i] = r[i] + f[i] + mm[i];
      out.names.push(...INCLUDE_NAMES.rfm);
      out.columns.push(r, f, mm, total);
    } else {
      if (n < clusters) {
        throw new ClienteleError({
          code: "TOO_FEW_OBSERVATIONS",
          path: ["options", "clusters"],
          received: clusters,
          message: `${fn}: include "cluster" needs at least options.clusters (${clusters}) customers; the snapshot has ${n}. Lower options.clusters or drop "cluster".`,
        });
      }
      const data = new Float64Array(3 * n);
      for (let i = 0; i < n; i++) {
        data[3 * i] = recencyDays[i];
        data[3 * i + 1] = s.purchaseDays[i];
        data[3 * i + 2] = s.spend[i] > 0 ? s.spend[i] : 0;
      }
      const pts = { data, n, d: 3 };
      const scaler = under(fn, m, () => fitScaler(pts, { log1p: true }));
      const z = under(fn, m, () => transformPoints(scaler, pts));
      const km = under(fn, m, () => fitKMeans(z, { k: clusters, rng: createRng(seed) }));
      out.names.push("cluster");
      out.columns.push(Float64Array.from(km.labels));
      out.categorical.cluster = Array.from({ length: clusters }, (_, j) => String(j));
    }
  }
  return out;
}
