// Recommendations from simulated purchases: train item kNN, implicit ALS and a content +
// ALS hybrid, show one customer's top picks with the past purchases that explain them,
// and compare every model with the most-popular baseline on a held-out split.
//   npx tsx examples/recommend.ts
import {
  compareToPopularity,
  explain,
  fitAls,
  fitContent,
  fitHybrid,
  fitItemKnn,
  fitUserKnn,
  formatEvaluationTable,
  recommend,
  similarItems,
  simulateInteractions,
  splitInteractions,
  type RecommendId,
  createRng,
} from "clientele/recommend";

const CATEGORIES = ["produce", "dairy", "bakery", "snacks", "beverages", "household", "frozen", "pantry"];

// Size: the number of customers, `npx tsx examples/recommend.ts [customers]` (default 3,000; the
// example test, test/examples/examples.test.ts, runs a smaller one).
const N = Number(process.argv[2] ?? 3000);
if (!Number.isSafeInteger(N) || N < 500) throw new Error(`recommend example: the size must be a whole number >= 500, got ${process.argv[2]}`);
const sim = simulateInteractions({ nUsers: N, nItems: 400, nInteractions: 20 * N, factors: 8, seed: 7 });
const purchases = sim.interactions;
const category = new Map<RecommendId, string>(purchases.itemIds.map((id, i) => [id, CATEGORIES[sim.itemCategory[i]]]));
const price = new Map<RecommendId, number>(purchases.itemIds.map((id, i) => [id, sim.itemPrice[i]]));
const label = (id: RecommendId) => `#${id} (${category.get(id) ?? "new"}, $${(price.get(id) ?? 0).toFixed(2)})`;

console.log(`Simulated ${purchases.indices.length} purchases: ${purchases.nUsers} customers × ${purchases.nItems} products.\n`);

// 1. Offline evaluation on a seeded per-customer 80/20 split, always beside popularity.
const split = splitInteractions(purchases, { testFraction: 0.2, minInteractions: 5, rng: createRng(42) });
const itemKnn = fitItemKnn(split.train, { similarity: "cosine", neighbors: 100 });
const als = fitAls(split.train, { factors: 16, regularization: 50, alpha: 10, iterations: 12, rng: createRng(1) });
const catalog = purchases.itemIds.map((itemId) => ({ itemId, categories: [category.get(itemId)!], price: price.get(itemId)! }));
const content = fitContent(catalog);
const rows = compareToPopularity(
  split,
  {
    "item kNN (cosine)": itemKnn,
    "user kNN (cosine)": fitUserKnn(split.train, { neighbors: 50 }),
    "ALS (16 factors, λ 50, α 10)": als,
    "content (category, price band)": content,
    "hybrid 0.8 ALS + 0.2 content": fitHybrid([
      { model: als, weight: 0.8 },
      { model: content, weight: 0.2 },
    ]),
  },
  { k: 10 },
);
console.log(`Held-out evaluation at k = 10 (${rows[0].users} customers):\n`);
console.log(formatEvaluationTable(rows));

// 2. One customer's recommendations, explained by their own past purchases.
const customer = split.train.userIds[11];
const history: RecommendId[] = [];
const row = split.train.userIds.indexOf(customer);
for (let p = split.train.indptr[row]; p < split.train.indptr[row + 1]; p++) history.push(split.train.itemIds[split.train.indices[p]]);
console.log(`\nCustomer ${customer} bought ${history.length} products: ${history.slice(0, 8).map(label).join(", ")}${history.length > 8 ? ", ..." : ""}`);
console.log(`\nTop 5 for customer ${customer} (ALS), with the past purchases that contributed most:`);
for (const r of recommend(als, split.train, customer, { k: 5 })) {
  const why = explain(als, split.train, customer, r.itemId, { k: 2 });
  const reasons = why.contributions.map((c) => `${label(c.itemId)} +${c.contribution.toFixed(3)}`).join("; ");
  console.log(`  ${r.rank}. ${label(r.itemId).padEnd(28)} score ${r.score.toFixed(3)}  because of ${reasons}`);
}
console.log(`\nSame customer, diversified (MMR, diversity 0.5):`);
console.log(
  "  " +
    recommend(als, split.train, customer, { k: 5, diversity: 0.5 })
      .map((r) => label(r.itemId))
      .join(", "),
);

// 3. "Bought this, also bought" and a brand-new customer folded in without refitting.
const top = history[0];
console.log(
  `\nCustomers who bought ${label(top)} also bought: ${similarItems(itemKnn, top, 3)
    .map((s) => label(s.itemId))
    .join(", ")}`,
);
const newcomer = recommend(als, split.train, "walk-in", { k: 3, history: history.slice(0, 3) });
console.log(`A new customer with 3 of those purchases (folded in): ${newcomer.map((r) => label(r.itemId)).join(", ")}`);
const cold = recommend(als, split.train, "nobody-yet", { k: 3, coldStart: "popularity" }); // cold start only when asked for
console.log(`A customer with no history (popularity cold start): ${cold.map((r) => label(r.itemId)).join(", ")}`);
