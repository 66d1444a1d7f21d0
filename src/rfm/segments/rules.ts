// The segment rule type and the default R/FM table (RFM_SEGMENTS).

/** An inclusive score range `[low, high]`. */
export type ScoreRange = readonly [number, number];

/**
 * One rule of a segment table: a customer matches when every given range holds
 * (inclusive); omitted ranges match anything. `fm` is the average `(f + m) / 2`.
 */
export interface SegmentRule {
  /** Segment name. Several rules may share a name (a segment made of several boxes). */
  segment: string;
  /** What to do with customers in this segment. */
  action: string;
  /** Who is in the segment, in plain words. */
  description?: string;
  /** Range of the recency score. */
  r?: ScoreRange;
  /** Range of the frequency score. */
  f?: ScoreRange;
  /** Range of the monetary score. */
  m?: ScoreRange;
  /** Range of `(f + m) / 2`. */
  fm?: ScoreRange;
}

/**
 * The 11-segment RFM map on 1-5 scores, as rules on R and FM = (F + M) / 2 checked in
 * this order (first match wins). Adapted from the widely published R/FM table of
 * Putler ("RFM Analysis For Successful Customer Segmentation", putler.com/rfm-analysis;
 * the same ranges are reproduced e.g. in the churned.io "RFM-Model" documentation),
 * whose published ranges overlap (and give Hibernating and Lost the same box); here they
 * are narrowed so that every (R, FM) cell of the 5 x 9 grid has exactly one segment and
 * every segment is reachable:
 *
 * | # | segment | R | FM | published R / FM |
 * | --- | --- | --- | --- | --- |
 * | 1 | Champions | 4-5 | 4-5 | 4-5 / 4-5 |
 * | 2 | Loyal Customers | 3-5 | 3-5 | 2-5 / 3-5 |
 * | 3 | Can't Lose Them | 1 | 4-5 | <=1 / 4-5 |
 * | 4 | At Risk | 1-2 | 3-5 | <=2 / 2-5 |
 * | 5 | New Customers | 5 | 1 | 4-5 / <=1 |
 * | 6 | Promising | 3-4 | 1 | 3-4 / <=1 |
 * | 7 | Potential Loyalists | 4-5 | 1.5-2.5 | 3-5 / 1-3 |
 * | 8 | Need Attention | 3 | 2-2.5 | 2-3 / 2-3 |
 * | 9 | About to Sleep | 2-3 | 1.5-2.5 | 2-3 / <=2 |
 * | 10 | Lost | 1 | 1-1.5 | <=2 / <=2 |
 * | 11 | Hibernating | 1-2 | 1-2.5 | 1-2 / 1-2 |
 *
 * (Hibernating, checked after Lost and About to Sleep, holds R = 1 with FM 2-2.5 and
 * R = 2 with FM = 1.) Pass your own table to `assignSegments` to change it.
 *
 * @see Putler, "RFM Analysis For Successful Customer Segmentation" (putler.com/rfm-analysis).
 * @example
 * import { RFM_SEGMENTS, assignSegments } from "clientele/rfm";
 * RFM_SEGMENTS.map((rule) => rule.segment).length; // => 11
 * // a custom table: the defaults plus a VIP box checked first
 * const rules = [{ segment: "VIP", action: "Call them", r: [5, 5], f: [5, 5], m: [5, 5] } as const, ...RFM_SEGMENTS];
 * assignSegments([{ r: 5, f: 5, m: 5 }], rules).segment; // => ["VIP"]
 */
export const RFM_SEGMENTS: readonly SegmentRule[] = Object.freeze([
  {
    segment: "Champions",
    r: [4, 5],
    fm: [4, 5],
    description: "Bought recently, buy often and spend the most.",
    action: "Reward them: loyalty programs, VIP experiences, early access; ask for reviews and referrals.",
  },
  {
    segment: "Loyal Customers",
    r: [3, 5],
    fm: [3, 5],
    description: "Buy regularly and spend well; responsive to promotions.",
    action: "Upsell and cross-sell higher-value products; invite to the loyalty program.",
  },
  {
    segment: "Can't Lose Them",
    r: [1, 1],
    fm: [4, 5],
    description: "Used to buy often and spend the most, but not for a long time.",
    action: "Win them back personally: renewal offers, new products, talk to them; do not lose them to a competitor.",
  },
  {
    segment: "At Risk",
    r: [1, 2],
    fm: [3, 5],
    description: "Spent well and bought often, but long ago.",
    action: "Win-back campaigns: personalized emails, special offers, helpful resources.",
  },
  {
    segment: "New Customers",
    r: [5, 5],
    fm: [1, 1],
    description: "Bought most recently, but not often yet.",
    action: "Welcome series and onboarding; help them succeed with the first purchase.",
  },
  {
    segment: "Promising",
    r: [3, 4],
    fm: [1, 1],
    description: "Recent shoppers who have not spent much yet.",
    action: "Build awareness: free trials, brand content, a second-purchase incentive.",
  },
  {
    segment: "Potential Loyalists",
    r: [4, 5],
    fm: [1.5, 2.5],
    description: "Recent customers with average frequency and spend.",
    action: "Offer membership or loyalty programs; recommend related products.",
  },
  {
    segment: "Need Attention",
    r: [3, 3],
    fm: [2, 2.5],
    description: "Middling recency, frequency and spend.",
    action: "Limited-time offers and recommendations based on past purchases; reactivate them.",
  },
  {
    segment: "About to Sleep",
    r: [2, 3],
    fm: [1.5, 2.5],
    description: "Below-average recency and frequency; will be lost without action.",
    action: "Share popular products and discounts; reconnect before they lapse.",
  },
  {
    segment: "Lost",
    r: [1, 1],
    fm: [1, 1.5],
    description: "Lowest recency, frequency and spend.",
    action: "Revive interest with a reach-out campaign, or stop spending on them.",
  },
  {
    segment: "Hibernating",
    r: [1, 2],
    fm: [1, 2.5],
    description: "Last purchase long ago, few orders, low spend.",
    action: "Re-engagement: relevant offers, survey outreach to learn why they left.",
  },
] satisfies SegmentRule[]);
