// chooseArm and chooseArmIndex: the hot path first, the fully checked path when it declines.
import { isRng, type Rng } from "../../core/rng.js";
import { StreamDraws, writableStream } from "../stream.js";
import { blockFor, checkState, segmentOption, type BanditState } from "../state.js";
import { chooseFromBlock } from "./block.js";
import { chooseFast } from "./fast.js";
import { CHOOSE_KEYS, checkOptionsObject, resolveRng } from "./options.js";
import type { ChooseArmOptions } from "./types.js";

function chooseIndex(state: BanditState, options: ChooseArmOptions | undefined, fn: string): number {
  const k = chooseFast(state, options);
  return k >= 0 ? k : chooseIndexChecked(state, options, fn);
}

/** The fully checked decision (the slow path): throws the precise error for a bad state or option. */
export function chooseIndexChecked(state: BanditState, options: ChooseArmOptions | undefined, fn: string): number {
  checkState(state, fn);
  let rng: unknown;
  let segment: string | undefined;
  if (checkOptionsObject(options, CHOOSE_KEYS, fn)) {
    rng = options.rng;
    if (rng !== undefined && !isRng(rng)) resolveRng(rng, fn);
    segment = segmentOption(options.segment, fn);
  }
  const block = blockFor(state, segment, fn);
  if (rng !== undefined) return chooseFromBlock(state, block, rng as Rng);
  const words = writableStream(state, fn);
  const draws = new StreamDraws(words);
  const k = chooseFromBlock(state, block, draws);
  draws.store(words);
  return k;
}

/**
 * Chooses an arm and returns its index; like `chooseArm` but without the name lookup.
 * Without `rng`, draws from the state's own stream and advances it (see `chooseArm`).
 * O(arms).
 *
 * @param state - a bandit state
 * @param options - `rng` (default: the state's stream), `segment`
 * @throws ClienteleError `INVALID_MODEL`, `INVALID_OPTION`, `INVALID_INPUT` (frozen state without `rng`)
 * @example
 * import { createBandit, chooseArmIndex } from "clientele/bandit";
 * chooseArmIndex(createBandit({ arms: 3, policy: "ucb1" })); // => 0 (UCB1 plays each arm once first)
 */
export function chooseArmIndex(state: BanditState, options?: ChooseArmOptions): number {
  return chooseIndex(state, options, "chooseArmIndex");
}

/**
 * Chooses the arm to show next and returns its name. Thompson sampling draws each active
 * arm's mean from its posterior and picks the largest; UCB1 plays each arm once, then
 * maximises mean + scale * sqrt(2 ln t / n); epsilon-greedy explores a random arm with
 * probability epsilon / (1 + decay * t), otherwise plays the best mean (untried arms
 * first). Ties go to the lower index. With `segment`, the segment's own statistics are used
 * once it has `minObservations` observations and the pooled statistics before that.
 *
 * Randomness: with `rng` the draws come from that generator and the state is not changed.
 * Without it they come from the state's own stream (`state.stream`, seeded by
 * `createBandit({ seed })`), which this call advances in place: the only field `chooseArm`
 * ever writes. A server that loads the state, chooses and saves it again therefore keeps
 * exploring (the next call continues the stream); a frozen state without `rng` is refused
 * (`INVALID_INPUT`) rather than repeating the same draws. O(arms), allocation-free; the
 * state checks run inside the passes over the arms (a corrupted state is `INVALID_MODEL`
 * and the state, its stream included, is not changed).
 *
 * @param state - a bandit state
 * @param options - `rng` (default: the state's own stream), `segment` (a segment id)
 * @throws ClienteleError `INVALID_MODEL` (corrupted state), `INVALID_OPTION`, `INVALID_INPUT`
 * @see Thompson (1933); Auer, Cesa-Bianchi & Fischer (2002), "Finite-time Analysis of the Multiarmed Bandit Problem"
 * @example
 * import { createBandit, chooseArm } from "clientele/bandit";
 * const bandit = createBandit({ arms: ["red", "blue"], seed: 7 });
 * chooseArm(bandit, { segment: "mobile" }); // => "red" or "blue"; bandit.stream has advanced
 */
export function chooseArm(state: BanditState, options?: ChooseArmOptions): string {
  const fn = "chooseArm";
  let k = chooseFast(state, options);
  if (k < 0) k = chooseIndexChecked(state, options, fn);
  const name = state.arms[k];
  // a remembered arm list is not re-read on every call: check the name returned
  if (typeof name !== "string" || name.length === 0) checkState(state, fn);
  return name;
}
