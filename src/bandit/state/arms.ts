// Arms: resolving a name or index, adding and retiring arms.
import { ClienteleError, describeValue } from "../../core/errors.js";
import { validateState } from "./check.js";
import { MAX_ARMS } from "./limits.js";
import { cloneBandit } from "./statistics.js";
import type { ArmStatistics, BanditState } from "./types.js";

/** Index of `arm` (a name or an index); throws `UNKNOWN_ARM`. */
export function resolveArm(state: BanditState, arm: string | number, fn: string, path: ReadonlyArray<string | number> = ["arm"]): number {
  if (typeof arm === "number") {
    if (Number.isInteger(arm) && arm >= 0 && arm < state.arms.length) return arm;
  } else if (typeof arm === "string") {
    const k = state.arms.indexOf(arm);
    if (k >= 0) return k;
  }
  throw new ClienteleError({
    code: "UNKNOWN_ARM",
    path,
    received: arm,
    message: `${fn}: arm ${describeValue(arm)} is not an arm of this bandit. Use one of its names (${state.arms
      .slice(0, 5)
      .map((a) => JSON.stringify(a))
      .join(", ")}${state.arms.length > 5 ? ", ..." : ""}) or an index in [0, ${state.arms.length - 1}]; add new arms with addArm.`,
  });
}

/**
 * Adds an arm with no observations (in the pooled statistics and every segment).
 * Returns a new state; the input is not changed. Runs in O(size of the state).
 *
 * @param state - a bandit state
 * @param name - the new arm's name (default: the next index as a string)
 * @throws ClienteleError `DUPLICATE_ARM`, `FACTORIAL_ARMS_FIXED` (factorial bandits),
 *   `INVALID_INPUT` (a name that is not a non-empty string), `TOO_LARGE` (more than 10,000 arms), `INVALID_MODEL`
 * @example
 * import { createBandit, addArm } from "clientele/bandit";
 * const b = addArm(createBandit({ arms: ["a", "b"] }), "c");
 * b.arms; // => ["a", "b", "c"]
 */
export function addArm(state: BanditState, name?: string): BanditState {
  const fn = "addArm";
  validateState(state, fn);
  if (state.factors !== null) {
    throw new ClienteleError({
      code: "FACTORIAL_ARMS_FIXED",
      path: ["state", "factors"],
      message: `${fn}: a factorial bandit's arms are the combinations of its factor levels; create a new factorial bandit to add a level.`,
    });
  }
  const armName = name === undefined ? String(state.arms.length) : name;
  if (typeof armName !== "string" || armName.length === 0) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["name"],
      received: armName,
      message: `${fn}: the arm name must be a non-empty string. Got ${describeValue(armName)}.`,
    });
  }
  if (state.arms.includes(armName)) {
    throw new ClienteleError({
      code: "DUPLICATE_ARM",
      path: ["name"],
      received: armName,
      message: `${fn}: an arm named ${describeValue(armName)} already exists. Choose another name.`,
    });
  }
  if (state.arms.length >= MAX_ARMS) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["name"],
      message: `${fn}: a bandit may have at most ${MAX_ARMS} arms (it has ${state.arms.length}). Retire arms you no longer test and start a new bandit for the rest.`,
    });
  }
  const out = cloneBandit(state);
  out.arms.push(armName);
  out.retired.push(false);
  const grow = (s: ArmStatistics): void => {
    s.n.push(0);
    s.sum.push(0);
    s.sumSq.push(0);
    s.plays.push(0);
    if (s.recent !== null && s.recentStart !== null) {
      s.recent.push([]);
      s.recentStart.push(0);
    }
  };
  grow(out.pooled);
  for (const key of Object.keys(out.segments)) grow(out.segments[key]);
  return out;
}

/**
 * Retires an arm: it is never chosen again, but its statistics stay (late feedback for
 * it is still accepted). Returns a new state; the input is not changed.
 *
 * @param state - a bandit state
 * @param arm - arm name or index
 * @throws ClienteleError `UNKNOWN_ARM`, `NO_ACTIVE_ARMS` (when it is the last active arm), `INVALID_MODEL`
 * @example
 * import { createBandit, retireArm } from "clientele/bandit";
 * const b = retireArm(createBandit({ arms: ["a", "b", "c"] }), "b");
 * b.retired; // => [false, true, false]
 */
export function retireArm(state: BanditState, arm: string | number): BanditState {
  const fn = "retireArm";
  validateState(state, fn);
  const k = resolveArm(state, arm, fn);
  let active = 0;
  for (let j = 0; j < state.retired.length; j++) if (!state.retired[j] && j !== k) active++;
  if (active === 0) {
    throw new ClienteleError({
      code: "NO_ACTIVE_ARMS",
      path: ["arm"],
      received: arm,
      message: `${fn}: arm ${describeValue(arm)} is the last active arm; a bandit needs at least one. Add an arm first.`,
    });
  }
  const out = cloneBandit(state);
  out.retired[k] = true;
  return out;
}
