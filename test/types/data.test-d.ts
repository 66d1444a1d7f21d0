// Type tests of clientele/data (compile-only: npm run test:typetests).
import { expectTypeOf, test } from "vitest";
import {
  cohortRetention,
  cohortRows,
  type CohortRow,
  type CustomerSummary,
  mergePartials,
  type PartialSummary,
  simulateCustomers,
  type SimulatedCustomers,
  summarizePartial,
  summarizeTransactions,
  summarizeTransactionsAsync,
  summaryToRows,
  type SummarizeOptions,
  type TimeUnit,
  type TransactionColumns,
  type TransactionRow,
  type TransactionSummary,
} from "clientele/data";

test("summarizeTransactions: rows or columns in, a columnar summary out", () => {
  expectTypeOf(summarizeTransactions).parameter(0).toEqualTypeOf<readonly TransactionRow[] | TransactionColumns>();
  expectTypeOf(summarizeTransactions).parameter(1).toEqualTypeOf<SummarizeOptions | undefined>();
  const s = summarizeTransactions([{ customerId: "a", timestamp: "2024-01-01", amount: 20 }], { timeUnit: "week" });
  expectTypeOf(s).toEqualTypeOf<TransactionSummary>();
  expectTypeOf(s.frequency).toEqualTypeOf<Float64Array>();
  expectTypeOf(s.id).toEqualTypeOf<string[]>();
  expectTypeOf(s.timeUnit).toEqualTypeOf<TimeUnit>();
  expectTypeOf(summarizeTransactions({ customerId: [1], timestamp: [0], amount: [1] })).toEqualTypeOf<TransactionSummary>();
  expectTypeOf(summarizeTransactionsAsync([])).toEqualTypeOf<Promise<TransactionSummary>>();
  expectTypeOf(summaryToRows(s)).toEqualTypeOf<CustomerSummary[]>();
  // @ts-expect-error an unknown option is a compile error (and INVALID_OPTION at run time)
  summarizeTransactions([], { timeunit: "week" });
  // @ts-expect-error timeUnit is one of the named units
  summarizeTransactions([], { timeUnit: "fortnight" });
  // @ts-expect-error a row needs a customerId
  summarizeTransactions([{ timestamp: "2024-01-01", amount: 20 }]);
});

test("partial summaries merge", () => {
  const p = summarizePartial([]);
  expectTypeOf(p).toEqualTypeOf<PartialSummary>();
  expectTypeOf(p.kind).toEqualTypeOf<"transaction-partial">();
  expectTypeOf(mergePartials(p, p)).toEqualTypeOf<PartialSummary>();
});

test("simulateCustomers and cohorts", () => {
  const sim = simulateCustomers({ n: 10, seed: 1 });
  expectTypeOf(sim).toEqualTypeOf<SimulatedCustomers>();
  expectTypeOf(sim.observationEnd).toBeNumber();
  // @ts-expect-error an unknown option
  simulateCustomers({ customers: 10 });
  expectTypeOf(cohortRows(cohortRetention(sim.transactions, { period: "month" }))).toEqualTypeOf<CohortRow[]>();
});
