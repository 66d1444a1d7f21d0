import fc from "fast-check";

// A deliberately naive reference summarizer (objects, Maps, sorting), written
// independently of src/data from the documented conventions, for property tests.
const DAY = 86_400_000;

export interface RefTx {
  customerId: string;
  day: number; // UTC day number
  amount: number;
}

export interface RefRow {
  id: string;
  frequency: number;
  recency: number;
  T: number;
  monetary: number;
  totalSpend: number;
  transactionCount: number;
  purchaseDays: number;
  firstPurchase: number;
  lastPurchase: number;
  holdoutFrequency?: number;
  holdoutSpend?: number;
}

export function referenceSummary(
  tx: RefTx[],
  opts: { obsDay?: number; calDay?: number; unitDays: number },
): { rows: RefRow[]; noPurchase: string[]; afterCal: string[] } {
  const obsDay = opts.obsDay ?? Math.max(...tx.map((t) => t.day));
  const byCustomer = new Map<string, Map<number, { net: number; gross: number; n: number }>>();
  for (const t of tx) {
    if (!byCustomer.has(t.customerId)) byCustomer.set(t.customerId, new Map());
    const days = byCustomer.get(t.customerId)!;
    const d = days.get(t.day) ?? { net: 0, gross: 0, n: 0 };
    d.net += t.amount;
    d.gross += Math.abs(t.amount);
    d.n += 1;
    days.set(t.day, d);
  }
  const rows: RefRow[] = [];
  const noPurchase: string[] = [];
  const afterCal: string[] = [];
  const cal = opts.calDay ?? Infinity;
  for (const [id, days] of byCustomer) {
    const sorted = [...days.entries()].sort((a, b) => a[0] - b[0]);
    // purchase: net > 1e-9 * gross, or no refund line (net === gross)
    const isPurchase = (v: { net: number; gross: number }) => v.net > 1e-9 * v.gross || v.net === v.gross;
    const calDays = sorted.filter(([d]) => d <= cal);
    const hoDays = sorted.filter(([d]) => d > cal);
    const purchases = calDays.filter(([, v]) => isPurchase(v));
    if (purchases.length === 0) {
      if (hoDays.some(([, v]) => isPurchase(v))) afterCal.push(id);
      else noPurchase.push(id);
      continue;
    }
    const first = purchases[0][0];
    const last = purchases[purchases.length - 1][0];
    const repeat = purchases.slice(1);
    const end = opts.calDay ?? obsDay;
    const row: RefRow = {
      id,
      frequency: repeat.length,
      recency: (last - first) / opts.unitDays,
      T: (end - first) / opts.unitDays,
      monetary: repeat.length ? repeat.reduce((s, [, v]) => s + v.net, 0) / repeat.length : 0,
      totalSpend: calDays.reduce((s, [, v]) => s + v.net, 0),
      transactionCount: calDays.reduce((s, [, v]) => s + v.n, 0),
      purchaseDays: purchases.length,
      firstPurchase: first * DAY,
      lastPurchase: last * DAY,
    };
    if (opts.calDay !== undefined) {
      row.holdoutFrequency = hoDays.filter(([, v]) => isPurchase(v)).length;
      row.holdoutSpend = hoDays.reduce((s, [, v]) => s + v.net, 0);
    }
    rows.push(row);
  }
  return { rows, noPurchase, afterCal };
}

// Random logs: few customers and days so that same-day purchases, refunds and
// full cancellations all happen. Integer amounts keep every sum exact.
export const txArb = fc.array(
  fc.record({
    customerId: fc.constantFrom("a", "b", "c", "d", "e", "f"),
    day: fc.integer({ min: 19_000, max: 19_040 }),
    ms: fc.integer({ min: 0, max: 86_399_999 }),
    amount: fc.oneof(fc.integer({ min: 1, max: 500 }), fc.integer({ min: -300, max: 0 })),
  }),
  { minLength: 1, maxLength: 60 },
);
