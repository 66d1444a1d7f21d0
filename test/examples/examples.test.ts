// Runs every examples/*.ts as a user would (a child process, `tsx examples/<name>.ts [size]`,
// `clientele/<sub>` resolved by the tsconfig paths to src) and checks key lines of its output:
// the figures a reader of the example looks at, not only that it runs. Examples that take a
// size argument run a smaller one here (the figures below are for that size).
//
// A listed line must equal an output line, except that each number may differ by one unit of
// its last printed digit (the seeded computations are deterministic; this absorbs a rounding
// flip of the last digit on another platform) and runs of spaces are free. Integers are exact.
// Lines that depend on the clock (timings, "next send" dates) are not listed.
import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ROOT } from "./extract.js";

const run = promisify(execFile);
const TSX = join(ROOT, "node_modules/tsx/dist/cli.mjs");

interface ExampleCase {
  readonly args?: readonly string[];
  readonly lines: readonly string[];
}

const CASES: Record<string, ExampleCase> = {
  churn: {
    args: ["1000"],
    lines: [
      "out-of-time validation (trained 1998-01-01, scored 1998-04-01, churn rate 84.8%):",
      "model                     0.810   0.947   1.16",
      "baseline:recency          0.788   0.933   1.11",
      "baseline:bgnbd            0.803   0.940   1.11",
      "     1        100       98.0%  1.16    11.6%",
      "    10        100       36.0%  0.42   100.0%",
      "contact when P(churn) >= 0.064: 984 customers (98%), profit 7224 on the validation snapshot (everyone: 7176; break-even rule p >= 0.250)",
      "C0974     0.991      1    recency_days = 539 (+2.47); overdue_ratio = 539 (+1.54); ipt_mean_days_missing = 1 (+0.15)",
    ],
  },
  clv: {
    args: ["1500"],
    lines: [
      "transactions: 5,032 from 1,500 customers",
      "    0        765    0.13       0.13",
      "   ≥7         94    5.11       5.17",
      "total: actual 944, predicted 968",
      "BG/NBD  r=0.273 alpha=4.095 a=0.395 b=0.971  LL=-12180.3",
      "Gamma-Gamma  p=4.611 q=2.646 gamma=13.215  (825 repeat customers, 675 one-time buyers skipped)",
      "C0518      28     67.1   71.7     154.08    152.61  2310.16   0.08  low     High",
      "churn risk: 911 low, 283 medium, 306 high",
      "mean CLV 40.21 vs CAC 15.00: ratio 2.68 -> optimize: CLV covers acquisition cost but is below the 3:1 benchmark: improve retention or lower acquisition cost.",
    ],
  },
  experiment: {
    lines: [
      "   opens 7,604 (25.3%); an oracle that knew the best subject per segment: 25.6%",
      '   regular  best so far: "Our new arrivals are here"',
      "     20% off, this week only      sends   4070  open rate 15.9%  (true 15.0%)  P(best) 97.4%",
      "2. Checkout A/B test (planned 14,751 visitors per group for +1 point at 80% power)",
      "   Verdict (inconclusive): Inconclusive: checkout conversion moved from 10.3% to 10.9% (+0.6 points, +5.6%), which is within noise (p = 0.0748, 95% CI −0.1 points to +1.2 points).",
      "   mobile       8.0%        9.3%   +1.27 pts      0.0075    0.0224",
    ],
  },
  journey: {
    lines: [
      "15,201 raw events of 3,000 customers",
      "7,062 sessions (1059 with a conversion); 8630 events were out of time order and were sorted",
      "  purchase                         605       48.9",
      "(all)           purchase              892          62.0%     38.0%       29.7%",
      "newsletter      advocacy               86          74.1%     25.9%        8.6%",
      "seo          290.0  278.0   282.3     283.1  279.5     271.9     266.3      0.404        13291",
      "markov: P(conversion) 0.2983 (order 1, 7 states), 0.2983 (order 2, 43 states), method exact",
    ],
  },
  kpi: {
    lines: [
      "1997-01     15.8%      12.2%       9.3%",
      "activeCustomers                1018        711       -307   [-359, -252]",
      "revenue                      104619      78433     -26185   [-35779, -17371]",
      "repeatRate                    0.472      0.527      0.055   [0.013, 0.098]",
      "segmentShare:Lost             0.000      0.318      0.318   [0.300, 0.334]  (relativeChange: the before value is 0)",
      "3000 customers resampled; transitions between 11 states",
    ],
  },
  personalize: {
    lines: [
      "1. subject-line test: 20,000 sends, click rate 0.0912",
      "   P(subject | young shopper with a basket) = 0.07 / 0.07 / 0.87",
      "2. the rule, evaluated on the logs (true click rate 0.1002; logged 0.0912):",
      "   dr     0.1034  [0.0973, 0.1101]",
      "   effective sample size 11335 of 20000",
      "3. e-mail uplift (T-learner): Qini AUC on 1,000 fresh customers 0.039 (> 0 beats random targeting)",
      "4. next best action for 1000 customers: total expected value 3662.1 (unconstrained bound 3666.6)",
      "   basket-call    40 customers (capacity 40), expected value 233.6",
      "5. with per-customer call costs and one shared budget of 150: method branch-and-bound, optimal true",
      "   total expected value 3684.8 (proven upper bound 3684.8); spent 148.8 of 150",
      "   basket-call    39 customers, cost 117.0, expected value 257.4",
    ],
  },
  plot: {
    lines: [
      "plotElbow            Elbow: within-cluster sum of squares by k | knee at k = 2 (dashed) | 6 data rows, 1824 bytes",
      "plotDendrogram       Dendrogram | 5 points, average linkage | 13 data rows, 2270 bytes",
      "plotRoc              ROC curve | AUC 0.836 (50,000 cases, 10,056 positive); curve drawn through 1,000 of 50,000 thresholds | 1002 data rows, 51642 bytes",
    ],
  },
  quickstart: {
    lines: [
      "RFM segment report: 5,000 customers, 16,407 transactions over 78 weeks",
      "Champions                  544  10.9%          49.2%  4.5  4.8  4.8               4.7       $577",
      "Lost                     1,597  31.9%           4.9%  1.0  1.0  1.5              71.8        $19",
      "Champions and Loyal Customers are 19.4% of customers and bring 59.4% of revenue.",
    ],
  },
  recommend: {
    args: ["1000"],
    lines: [
      "Simulated 20054 purchases: 1000 customers × 400 products.",
      "| popularity | 0.153 | 0.075 | 0.190 | 0.081 | 0.574 | 0.243 | 0.050 |",
      "| ALS (16 factors, λ 50, α 10) | 0.263 | 0.117 | 0.295 | 0.158 | 0.754 | 0.427 | 0.505 |",
      "| hybrid 0.8 ALS + 0.2 content | 0.250 | 0.111 | 0.281 | 0.148 | 0.744 | 0.410 | 0.642 |",
      "  1. #68 (frozen, $40.68)         score 0.840  because of #97 (frozen, $14.41) +0.169; #100 (produce, $4.45) +0.140",
      "A customer with no history (popularity cold start): #17 (snacks, $14.15), #68 (frozen, $40.68), #121 (frozen, $12.48)",
    ],
  },
  segments: {
    args: ["1500"],
    lines: [
      "1,500 customers, 4,971 transactions",
      "  2      4895        0.397                 797            1.153",
      "k = 2: best by silhouette (0.3975), Calinski-Harabasz (797.3), Davies-Bouldin (1.153) (3 of 4 criteria); elbow preferred 5.",
      "    all       1500   100% |           40.5            1.0           26.5           52.2           71.8 |",
      "PCA: 2 components keep 74.9% of the variance",
    ],
  },
  sentiment: {
    lines: [
      "compound 0.7979  (neg 0.111, neu 0.463, pos 0.426; sum 4.542 + punctuation 0.584)",
      "  great      sentiment lexicon 3.1  negation(NOT) → -2.294, but(but) → -1.147  = -1.147",
      "cheap plastic, broke in a week      -0.4215  -0.0772",
      "c2            3  -0.172       -0.153       0.67  2024-03-04     detractor-at-risk",
    ],
  },
  warehouse: {
    args: ["2000"],
    lines: [
      "2b. fromRows: 100 customers", // then its timing
      "   BG/NBD r=0.861 alpha=0.47 a=34.582 b=391.600; Gamma-Gamma p=3.51 q=1.78 gamma=13.70",
      "│ 0       │ 'C00000001' │ 0.873   │ 9.81          │ 33.97 │ 436.69 │",
      "│ 4       │ 'C00000037' │ 0.907   │ 1.63          │ 33.75 │ 165.98 │",
    ],
  },
};

const NUMBER = /-?\d[\d,]*(?:\.\d+)?/g;
const escapeText = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s+");

/** Does `actual` print the same as `expected`, each number within one unit of its last printed digit? */
function sameLine(expected: string, actual: string): boolean {
  const nums = expected.match(NUMBER) ?? [];
  const text = expected.split(NUMBER);
  const re = new RegExp(`^\\s*${text.map(escapeText).join("(-?\\d[\\d,]*(?:\\.\\d+)?)")}\\s*$`);
  const m = re.exec(actual.trimEnd());
  if (!m) return false;
  return nums.every((n, i) => {
    const decimals = n.split(".")[1]?.length ?? 0;
    const e = Number(n.replace(/,/g, ""));
    const a = Number(m[i + 1].replace(/,/g, ""));
    return decimals === 0 ? a === e : Math.abs(a - e) <= 10 ** -decimals * (1 + 1e-9);
  });
}

/** `line` matches a prefix of an output line when it was cut (the warehouse step line is followed by a timing). */
const found = (line: string, output: readonly string[]) =>
  output.some((o) => sameLine(line, o) || (line.length > 10 && o.startsWith(line) && sameLine(line, o.slice(0, line.length))));

describe("the line matcher", () => {
  it("allows one unit of the last digit, and is exact on text and integers", () => {
    expect(sameLine("churn 0.076 of 300", "churn 0.077 of 300")).toBe(true);
    expect(sameLine("churn 0.076 of 300", "churn 0.078 of 300")).toBe(false);
    expect(sameLine("churn 0.076 of 300", "churn 0.076 of 301")).toBe(false);
    expect(sameLine("churn 0.076 of 300", "Churn 0.076 of 300")).toBe(false);
    expect(sameLine("a  1,500 b", "a 1,500   b")).toBe(true);
  });
});

describe("examples/*.ts", () => {
  it("every example has a case here", () => {
    const files = readdirSync(join(ROOT, "examples"))
      .filter((f) => f.endsWith(".ts"))
      .map((f) => f.slice(0, -3))
      .sort();
    expect(files).toEqual(Object.keys(CASES).sort());
  });
  for (const [name, c] of Object.entries(CASES)) {
    it.concurrent(`examples/${name}.ts ${(c.args ?? []).join(" ")}`.trim(), async () => {
      const { stdout } = await run(process.execPath, [TSX, join("examples", `${name}.ts`), ...(c.args ?? [])], {
        cwd: ROOT,
        maxBuffer: 16 << 20,
        timeout: 180_000,
      });
      const output = stdout.split("\n");
      const missing = c.lines.filter((line) => !found(line, output));
      expect(missing, `lines missing from the output of examples/${name}.ts:\n${stdout}`).toEqual([]);
    });
  }
});
