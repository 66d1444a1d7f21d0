import { ClienteleError } from "../../core/errors.js";

/** `OUT_OF_RANGE`: finite values so large that squared distances overflow float64. Internal. */
export function tooLargeValues(fn: string): ClienteleError {
  return new ClienteleError({
    code: "OUT_OF_RANGE",
    path: ["points"],
    message:
      `${fn}: the points are so large (or spread so far) that their squared distances overflow float64, ` +
      `so inertia and centroids would be Infinity or NaN. Scale the features first (fitScaler / transformPoints), ` +
      `or divide them by a common factor.`,
  });
}
