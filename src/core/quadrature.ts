/**
 * Gauss–Legendre quadrature tables shared by the numeric kernels (moved here from
 * clv/paretonbd.ts and clv/dert.ts, which each held a copy).
 */

/**
 * Nodes of the 8-point Gauss–Legendre rule on [−1, 1], ascending (Abramowitz & Stegun, Table 25.4).
 * These are the exact doubles the clv kernels have always used (16 significant digits), so moving
 * them here changes no result.
 */
export const GL8_X: readonly number[] = [
  -0.9602898564975363, -0.7966664774136267, -0.525532409916329, -0.1834346424956498, 0.1834346424956498, 0.525532409916329, 0.7966664774136267,
  0.9602898564975363,
];

/** Weights of the 8-point Gauss–Legendre rule on [−1, 1], in the order of {@link GL8_X}; they sum to 2. */
export const GL8_W: readonly number[] = [
  0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.362683783378362, 0.362683783378362, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763,
];
