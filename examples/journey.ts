// Journeys end to end: a raw event log -> sessions -> funnel stages and a funnel per segment ->
// stage transitions between two dates -> conversion paths -> an attribution table (five
// heuristics and exact Markov removal effects of order 1 and 2).
//   npx tsx examples/journey.ts
import {
  assignStages,
  buildPaths,
  createRng,
  funnelReport,
  heuristicAttribution,
  markovAttribution,
  sessionize,
  stageTransitions,
  type JourneyEventRow,
} from "clientele/journey";

// 1. A seeded event log, as a host's tracking would export it: 3,000 customers over Q1 2024.
//    Each visit comes from a channel; some visits go on to view a product, add to cart and buy;
//    buyers sometimes come back (a second purchase) or leave a review. A few events come from a
//    channel the marketing team did not list ("tiktok"), some are events no stage rule names
//    ("support_chat"), and the export is not in time order.
const rng = createRng(7);
const CHANNELS = ["seo", "paid_search", "email", "social", "display", "direct"];
const CHANNEL_WEIGHTS = [0.28, 0.22, 0.16, 0.14, 0.12, 0.08];
const BUY_LIFT: Record<string, number> = { seo: 1, paid_search: 1.3, email: 1.6, social: 0.7, display: 0.5, direct: 1.2, tiktok: 0.8 };
const START = Date.parse("2024-01-01T00:00:00Z");
const DAY = 86_400_000;
const events: JourneyEventRow[] = [];
const signup: { customerId: string; segment: string }[] = [];
for (let c = 0; c < 3000; c++) {
  const id = `cust-${c + 1}`;
  signup.push({ customerId: id, segment: c % 3 === 0 ? "newsletter" : "no newsletter" });
  let t = START + rng.uniform() * 60 * DAY;
  const visits = 1 + Math.floor(rng.exponential(0.6));
  let interest = 0;
  let bought = 0;
  for (let v = 0; v < visits && t < START + 91 * DAY; v++) {
    const channel = rng.uniform() < 0.01 ? "tiktok" : CHANNELS[rng.categorical(CHANNEL_WEIGHTS)];
    const lift = BUY_LIFT[channel] * (c % 3 === 0 ? 1.25 : 1);
    events.push({ customerId: id, timestamp: new Date(t).toISOString(), channel, event: "visit" });
    interest += 0.25 * lift;
    let u = t + 60_000 * (1 + rng.int(5));
    if (rng.uniform() < Math.min(0.9, 0.35 + interest)) {
      events.push({ customerId: id, timestamp: new Date(u).toISOString(), event: "product_view" });
      u += 60_000 * (1 + rng.int(10));
      if (rng.uniform() < Math.min(0.8, 0.15 + interest / 2)) {
        events.push({ customerId: id, timestamp: new Date(u).toISOString(), event: "add_to_cart" });
        u += 60_000 * (1 + rng.int(5));
        if (rng.uniform() < Math.min(0.85, 0.3 + interest / 3)) {
          const value = Math.round(rng.gamma(2, 25) * 100) / 100;
          events.push({ customerId: id, timestamp: new Date(u).toISOString(), event: bought > 0 ? "repeat_purchase" : "purchase", value });
          bought++;
          interest = 0;
          if (rng.uniform() < 0.2) events.push({ customerId: id, timestamp: new Date(u + 3 * DAY).toISOString(), event: "review" });
        }
      }
    }
    if (rng.uniform() < 0.03) events.push({ customerId: id, timestamp: new Date(u + DAY).toISOString(), event: "support_chat" }); // no stage rule names it
    t += (1 + rng.exponential(1 / 6)) * DAY; // next visit: a day to a few weeks later
  }
}
// the export came out shuffled in blocks (e.g. one file per day of ingestion): out of time order
for (let i = events.length - 1; i > 0; i -= 1 + rng.int(3)) {
  const j = Math.max(0, i - rng.int(50));
  [events[i], events[j]] = [events[j], events[i]];
}
console.log(`${events.length.toLocaleString("en-US")} raw events of ${signup.length.toLocaleString("en-US")} customers`);

// 2. Sessions: a new session after 30 minutes without an event of the same customer (UTC clock).
const conversionEvents = ["purchase", "repeat_purchase"];
const sessions = sessionize(events, { sessionGapMinutes: 30, conversionEvents });
const converting = sessions.conversions.filter((c) => c > 0).length;
console.log(
  `${sessions.n.toLocaleString("en-US")} sessions (${converting} with a conversion); ${sessions.outOfOrder} events were out of time order and were sorted`,
);

// 3. Funnel stages from event rules, first to last. Each customer's furthest stage and time in it.
const stages = [
  { name: "awareness", events: ["visit"] },
  { name: "consideration", events: ["product_view"] },
  { name: "intent", events: ["add_to_cart"] },
  { name: "purchase", events: ["purchase"] },
  { name: "retention", events: ["repeat_purchase"] },
  { name: "advocacy", events: ["review"] },
];
const current = assignStages(events, { stages, asOf: "2024-03-31T23:59:59Z" });
const byStage = new Map<string, { n: number; days: number }>();
current.stage.forEach((s, i) => {
  const e = byStage.get(s) ?? { n: 0, days: 0 };
  e.n++;
  e.days += current.daysInStage[i];
  byStage.set(s, e);
});
console.log(`\ncurrent stage on ${current.asOf.slice(0, 10)}   customers   mean days in stage`);
for (const { name } of stages) {
  const e = byStage.get(name) ?? { n: 0, days: 0 };
  console.log(`  ${name.padEnd(26)} ${String(e.n).padStart(9)}   ${(e.n > 0 ? e.days / e.n : 0).toFixed(1).padStart(8)}`);
}
console.log(`  unmatched events: ${current.unmatchedEvents.count} (${current.unmatchedEvents.values.join(", ") || "none"})`);

// 4. The funnel, overall and per segment: who reached each stage, conversion from the previous one.
const funnel = funnelReport(events, { stages, segments: signup, asOf: "2024-03-31T23:59:59Z" });
const pct = (v: number | null) => (v === null ? "    -" : `${(100 * v).toFixed(1).padStart(5)}%`);
console.log("\nfunnel          stage           customers  from previous  drop-off  from first");
for (const r of funnel) {
  console.log(
    `${r.segment.padEnd(15)} ${r.stage.padEnd(15)} ${String(r.customers).padStart(9)}  ${pct(r.conversionFromPrevious).padStart(13)}  ${pct(r.dropOff).padStart(8)}  ${pct(r.conversionFromFirst).padStart(10)}`,
  );
}

// 5. Stage transitions between the end of February and the end of March (rfm's transitionMatrix).
const tm = stageTransitions(events, { stages, from: "2024-02-29T23:59:59Z", to: "2024-03-31T23:59:59Z" });
console.log("\nstage on Feb 29 -> Mar 31 (share of the row)");
console.log(`${"".padEnd(14)} ${tm.states.map((s) => s.slice(0, 9).padStart(9)).join(" ")}`);
tm.probabilities.forEach((row, i) => {
  const total = tm.counts[i].reduce((a, b) => a + b, 0);
  if (total > 0) console.log(`${tm.states[i].padEnd(14)} ${row.map((p) => (p === 0 ? "." : p.toFixed(2)).padStart(9)).join(" ")}   (${total})`);
});

// 6. Conversion paths: one touchpoint per session (its first channel), the touches within 30 days
//    before each conversion; touches after a customer's last conversion are a path without one.
const paths = buildPaths(events, { conversionEvents, sessionGapMinutes: 30, conversionWindowDays: 30, channels: CHANNELS });
const conv = paths.conversions.reduce((a, b) => a + b, 0);
const nulls = paths.nulls.reduce((a, b) => a + b, 0);
console.log(
  `\n${paths.path.length} distinct paths: ${conv} conversions, ${nulls} paths without conversion, ${paths.touchpoints} touchpoints; ` +
    `${paths.outsideWindow} touches older than the window, ${paths.conversionsWithoutTouch} conversions without a touch; ` +
    `unknown channels: ${paths.unknownChannels.count} events (${paths.unknownChannels.values.join(", ")})`,
);

// 7. The attribution table: conversions credited to each channel by every model.
const h = heuristicAttribution(paths);
const m1 = markovAttribution(paths);
const m2 = markovAttribution(paths, { order: 2 });
const at = (channels: string[], values: number[], ch: string) => values[channels.indexOf(ch)] ?? 0;
console.log("\nchannel       first   last  linear  40/20/40  decay  markov-1  markov-2  removal-1   value (markov-1)");
for (const ch of h.channels) {
  const cells = [h.firstTouch, h.lastTouch, h.linear, h.positionBased, h.timeDecay].map((x) => at(h.channels, x.conversions, ch).toFixed(1));
  const widths = [5, 6, 7, 9, 6];
  console.log(
    `${ch.padEnd(12)} ${cells.map((c, k) => c.padStart(widths[k])).join(" ")} ${at(m1.channels, m1.conversions, ch).toFixed(1).padStart(9)} ${at(m2.channels, m2.conversions, ch).toFixed(1).padStart(9)} ` +
      `${at(m1.channels, m1.removalEffects, ch).toFixed(3).padStart(10)} ${at(m1.channels, m1.value ?? [], ch)
        .toFixed(0)
        .padStart(12)}`,
  );
}
console.log(`total        ${String(h.totalConversions).padStart(5)}   (conversion value ${h.totalValue.toFixed(2)})`);
console.log(
  `markov: P(conversion) ${m1.conversionProbability.toFixed(4)} (order 1, ${m1.states} states), ${m2.conversionProbability.toFixed(4)} (order 2, ${m2.states} states), method ${m1.method}`,
);

// 8. The same order-1 removal effects estimated by ChannelAttribution's random walks (seeded).
const sim = markovAttribution(paths, { simulate: { seed: 1 } });
const worst = Math.max(...sim.removalEffects.map((r, i) => Math.abs(r - m1.removalEffects[m1.channels.indexOf(sim.channels[i])])));
console.log(
  `simulation (seed 1, ${sim.simulation!.walksPerFold * sim.simulation!.folds} walks, converged ${sim.simulation!.converged}): largest removal-effect difference from the exact solve ${worst.toFixed(4)}`,
);
