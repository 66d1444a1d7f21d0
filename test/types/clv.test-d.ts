// Type tests of clientele/clv (compile-only: npm run test:typetests).
import { expectTypeOf, test } from "vitest";
import {
  type BgBbModel,
  type BgNbdModel,
  type ChurnRisk,
  churnRisk,
  type ClvTiers,
  clvTiers,
  conditionalExpectedPurchases,
  customerLifetimeValue,
  expectedPurchases,
  fitBgBb,
  fitBgNbd,
  fitBgNbdAsync,
  fitGammaGamma,
  fitMbgNbd,
  fitParetoNbd,
  type GammaGammaModel,
  type MbgNbdModel,
  type ParetoNbdModel,
  probabilityAlive,
  type TransactionModel,
  type TransactionModelKind,
} from "clientele/clv";
import { summarizeTransactions } from "clientele/data";

const rft = { frequency: [0, 2], recency: [0, 10], T: [20, 20] };

test("the transaction models fit the same input and carry their kind", () => {
  const bg = fitBgNbd(rft, { timeUnit: "week" });
  expectTypeOf(bg).toEqualTypeOf<BgNbdModel>();
  expectTypeOf(bg.kind).toEqualTypeOf<"bg-nbd">();
  expectTypeOf(fitMbgNbd(rft).kind).toEqualTypeOf<"mbg-nbd">();
  expectTypeOf(fitParetoNbd(rft)).toEqualTypeOf<ParetoNbdModel>();
  expectTypeOf(fitParetoNbd(rft).kind).toEqualTypeOf<"pareto-nbd">();
  expectTypeOf(fitBgNbdAsync(rft)).toEqualTypeOf<Promise<BgNbdModel>>();
  expectTypeOf(fitBgNbd(summarizeTransactions([]))).toEqualTypeOf<BgNbdModel>();
  expectTypeOf<TransactionModel["kind"]>().toEqualTypeOf<TransactionModelKind>();
  expectTypeOf<TransactionModelKind>().toEqualTypeOf<"bg-nbd" | "mbg-nbd" | "pareto-nbd">();
  expectTypeOf<BgNbdModel>().toMatchTypeOf<TransactionModel>();
  expectTypeOf<MbgNbdModel>().toMatchTypeOf<TransactionModel>();
  // @ts-expect-error an unknown option
  fitBgNbd(rft, { iterations: 10 });
  // @ts-expect-error the input needs T
  fitBgNbd({ frequency: [0], recency: [0] });
});

test("predictions: a number for a scalar t, a Float64Array per customer", () => {
  const bg = fitBgNbd(rft);
  expectTypeOf(expectedPurchases(bg, 10)).toEqualTypeOf<number>();
  expectTypeOf(expectedPurchases(bg, [1, 2])).toEqualTypeOf<Float64Array>();
  expectTypeOf(probabilityAlive(bg, rft)).toEqualTypeOf<Float64Array>();
  expectTypeOf(conditionalExpectedPurchases(bg, rft, 4)).toEqualTypeOf<Float64Array>();
  const bb = fitBgBb({ frequency: [0, 1], recency: [0, 1], periods: [6, 6] });
  expectTypeOf(bb).toEqualTypeOf<BgBbModel>();
  expectTypeOf(bb.kind).toEqualTypeOf<"bg-bb">();
  expectTypeOf(probabilityAlive(bb, { frequency: [1], recency: [1], periods: [6] })).toEqualTypeOf<Float64Array>();
  expectTypeOf(churnRisk(bg, rft)).toEqualTypeOf<ChurnRisk>();
});

test("spend and value", () => {
  const gg = fitGammaGamma({ frequency: [1, 2], monetary: [10, 20] });
  expectTypeOf(gg).toEqualTypeOf<GammaGammaModel>();
  expectTypeOf(gg.kind).toEqualTypeOf<"gamma-gamma">();
  const value = customerLifetimeValue(fitBgNbd(rft), gg, { ...rft, monetary: [0, 20] }, { horizon: 12, discountRate: 0.01 });
  expectTypeOf(value).toEqualTypeOf<Float64Array>();
  // @ts-expect-error the spend model is a Gamma-Gamma model, not a transaction model
  customerLifetimeValue(fitBgNbd(rft), fitBgNbd(rft), { ...rft, monetary: [0, 20] });
  // @ts-expect-error an unknown option
  customerLifetimeValue(fitBgNbd(rft), gg, { ...rft, monetary: [0, 20] }, { months: 12 });
  expectTypeOf(clvTiers([1, 2, 3])).toEqualTypeOf<ClvTiers>();
});
