// Type tests of clientele/bandit (compile-only: npm run test:typetests).
import { expectTypeOf, test } from "vitest";
import {
  type BanditState,
  type BanditSummary,
  chooseArm,
  chooseArmIndex,
  chooseContextualArm,
  type ContextualBanditState,
  type ContextualChoice,
  createBandit,
  createContextualBandit,
  probabilityBest,
  summarizeBandit,
  updateBandit,
} from "clientele/bandit";

test("a bandit is a JSON-clean state; choices are arm names or indices", () => {
  const b = createBandit({ arms: ["a", "b"], policy: "thompson", seed: 1 });
  expectTypeOf(b).toEqualTypeOf<BanditState>();
  expectTypeOf(b.kind).toEqualTypeOf<"bandit">();
  expectTypeOf(chooseArm(b)).toEqualTypeOf<string>();
  expectTypeOf(chooseArmIndex(b)).toEqualTypeOf<number>();
  expectTypeOf(updateBandit(b, "a", 1)).toEqualTypeOf<BanditState>();
  expectTypeOf(updateBandit(b, 0, 1)).toEqualTypeOf<BanditState>();
  expectTypeOf(probabilityBest(b)).toEqualTypeOf<number[]>();
  expectTypeOf(summarizeBandit(b)).toEqualTypeOf<BanditSummary>();
  // @ts-expect-error arms is required
  createBandit({ policy: "thompson" });
  // @ts-expect-error an unknown option
  createBandit({ arms: 2, seeds: 1 });
});

test("contextual bandits", () => {
  const c = createContextualBandit({ arms: 2, dimension: 3, policy: { type: "linucb", alpha: 1 } });
  expectTypeOf(c).toEqualTypeOf<ContextualBanditState>();
  expectTypeOf(c.kind).toEqualTypeOf<"contextual-bandit">();
  expectTypeOf(chooseContextualArm(c, [1, 0, 0])).toEqualTypeOf<ContextualChoice>();
  expectTypeOf(chooseContextualArm(c, [1, 0, 0]).probability).toBeNumber();
  // @ts-expect-error an unknown option
  createContextualBandit({ arms: 2, dim: 3 });
});
