// Sentiment end to end: score support messages with VADER, explain one score token by token,
// adapt the lexicon to a budget brand ("cheap" is praise there), and turn every customer's
// messages into a sentiment segment that joins with RFM or churn tables on customerId.
//   npx tsx examples/sentiment.ts
import { scoreSentiment, scoreSentimentBatch, sentimentScoreRows, sentimentSegmentRows, sentimentSegments } from "clientele/sentiment";

// 1. One text, explained: every token's lexicon valence and the rules that changed it.
const s = scoreSentiment("The delivery was NOT great, but the support team was really helpful!!");
console.log(`compound ${s.compound}  (neg ${s.neg}, neu ${s.neu}, pos ${s.pos}; sum ${s.sum.toFixed(3)} + punctuation ${s.punctuation.toFixed(3)})`);
for (const t of s.tokens) {
  if (t.role === "neutral") continue;
  const steps = t.adjustments.map((a) => `${a.rule}${a.word ? `(${a.word})` : ""} → ${a.after.toFixed(3)}`).join(", ");
  console.log(`  ${t.token.padEnd(10)} ${t.role.padEnd(9)} lexicon ${t.lexicon ?? "-"}  ${steps || "no rule"}  = ${t.valence.toFixed(3)}`);
}

// 2. A batch, with a domain override: for a discount brand "cheap" is a compliment.
const reviews = ["Cheap and cheerful, love it", "cheap plastic, broke in a week", "It's ok I guess", "Terrible service :("];
const plain = sentimentScoreRows(scoreSentimentBatch(reviews));
const budget = sentimentScoreRows(scoreSentimentBatch(reviews, { lexicon: { cheap: 1.5 } }));
console.log("\nreview                              VADER   with { cheap: 1.5 }");
reviews.forEach((r, i) => console.log(`${r.padEnd(35)} ${String(plain[i].compound).padStart(7)} ${String(budget[i].compound).padStart(8)}`));

// 3. Per-customer sentiment segments from reviews, tickets and messages (or pre-scored compounds).
const messages = [
  { customerId: "c1", timestamp: "2024-01-03", text: "Great product, fast shipping!" },
  { customerId: "c1", timestamp: "2024-02-10", text: "Second order, just as good" },
  { customerId: "c2", timestamp: "2024-01-15", text: "Works as described." },
  { customerId: "c2", timestamp: "2024-03-01", text: "The app keeps crashing, this is awful" },
  { customerId: "c2", timestamp: "2024-03-04", text: "Still not fixed. I want a refund." },
  { customerId: "c3", timestamp: "2024-02-20", compound: 0.1 },
  { customerId: "c3", timestamp: "2024-03-05", text: "Package arrived." },
  { customerId: 4, timestamp: "2024-01-20", text: "Worst support ever, never again" },
  { customerId: 4, timestamp: "2024-03-01", text: "Thanks for sorting it out, happy now" },
  { customerId: 4, timestamp: "2024-03-09", text: "Great, works perfectly" },
];
const seg = sentimentSegments(messages, { recent: 2 });
console.log("\ncustomer  count    mean   trend/month  share neg  last negative  segment");
for (const r of sentimentSegmentRows(seg)) {
  const last = r.lastNegativeAt === null ? "-" : new Date(r.lastNegativeAt).toISOString().slice(0, 10);
  console.log(
    `${r.customerId.padEnd(8)} ${String(r.count).padStart(6)} ${r.mean.toFixed(3).padStart(7)} ${(r.trend === null ? "-" : r.trend.toFixed(3)).padStart(12)} ${r.shareNegative.toFixed(2).padStart(10)}  ${last.padEnd(13)}  ${r.segment}`,
  );
}
console.log("rules:", JSON.stringify(seg.rules));
