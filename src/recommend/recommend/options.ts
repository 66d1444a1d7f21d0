// A recommendation and the options of recommend / recommendAll, with their schemas.
import * as z from "../../core/schema.js";
import type { HistoryEntry } from "../als.js";
import type { PopularityModel } from "../content.js";
import type { RecommendId } from "../interactions.js";

/** One recommended item. */
export interface Recommendation {
  /** Item id (string form). */
  itemId: string;
  /** The model's score (not normalized; for hybrids the blended normalized score). */
  score: number;
  /** 1-based position in the list. */
  rank: number;
}

/** Options of {@link recommend} and {@link recommendAll}. */
export interface RecommendOptions {
  /** List length (default 10). */
  k?: number;
  /** Drop items already in the user's history (default true). */
  excludeSeen?: boolean;
  /** Item ids never to recommend (e.g. out of stock). */
  exclude?: readonly RecommendId[];
  /** If given, recommend only from these item ids. */
  include?: readonly RecommendId[];
  /** Maximal-marginal-relevance re-ranking strength in [0, 1] (default 0: pure relevance). */
  diversity?: number;
  /** History of a user absent from `interactions` (ids or `{ itemId, weight }`), scored without refitting. */
  history?: readonly (RecommendId | HistoryEntry)[];
  /** Segment of a cold-start user: popularity within it, from `coldStart` (or of a popularity `model`). */
  segment?: string;
  /**
   * What a user who is in neither `interactions` nor the model and has no `history` gets:
   * `"popularity"` (the most popular items of `interactions`) or a popularity model from
   * `fitPopularity` (with `segment`, popularity within the segment). Without it such a user is
   * `UNKNOWN_USER`: cold start happens only when asked for.
   */
  coldStart?: PopularityModel | "popularity";
}

const idIn = z.union([z.string().min(1), z.number()]);
export const historyOption = z.array(z.union([idIn, z.object({ itemId: idIn, weight: z.number().optional() })]));
const recommendShape = {
  k: z.number().int().min(1).default(10),
  excludeSeen: z.boolean().default(true),
  exclude: z.array(idIn).optional(),
  include: z.array(idIn).optional(),
  diversity: z.number().min(0).max(1).default(0),
  segment: z.string().min(1).optional(),
  coldStart: z
    .union([
      z.literal("popularity"),
      z.custom<PopularityModel>(
        (v) => v !== null && typeof v === "object" && (v as { kind?: unknown }).kind === "popularity",
        'a popularity model from fitPopularity, or "popularity"',
      ),
    ])
    .optional(),
};
export const recommendSchema = z.object({ ...recommendShape, history: historyOption.optional() });
export const recommendAllSchema = z.object({ ...recommendShape, users: z.array(idIn).optional() });
export type RecOpts = z.output<typeof recommendSchema>;
