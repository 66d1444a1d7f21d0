import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: plain ESM script without types
import { generate, parseLexicon, parseEmoji } from "../../scripts/gen-vader-lexicon.mjs";
import { tables } from "../../src/sentiment/vader.js";
import { referenceData } from "../helpers/data.js";

const LEXICON = referenceData("sentiment/vader_lexicon.txt", "the check that the generated lexicon matches the source files");
const DIR = path.dirname(LEXICON.path);
const exists = LEXICON.available;
const GENERATED = path.resolve(__dirname, "../../src/sentiment/lexicon.generated.ts");

describe("generated lexicon module", () => {
  it.skipIf(!exists)("equals what scripts/gen-vader-lexicon.mjs writes from the data files (regenerate with `node scripts/gen-vader-lexicon.mjs`)", () => {
    const read = (f: string) => readFileSync(path.join(DIR, f), "utf8");
    const expected = generate(read("vader_lexicon.txt"), read("emoji_utf8_lexicon.txt"), read("LICENSE.txt"));
    expect(readFileSync(GENERATED, "utf8")).toBe(expected);
  });

  it.skipIf(!exists)("decodes to exactly the reference's dictionaries (7,506 tokens, last line wins; single-code-point emojis)", () => {
    const lex: Map<string, number> = parseLexicon(readFileSync(path.join(DIR, "vader_lexicon.txt"), "utf8"));
    const t = tables();
    expect(t.lexicon.size).toBe(lex.size);
    expect(lex.size).toBe(7506);
    for (const [w, v] of lex) expect(t.lexicon.get(w), w).toBe(v);
    const em: Map<string, string> = parseEmoji(readFileSync(path.join(DIR, "emoji_utf8_lexicon.txt"), "utf8"));
    let single = 0;
    for (const [e, d] of em) {
      if ([...e].length !== 1) continue;
      single++;
      expect(t.emoji.get(e.codePointAt(0)!)).toBe(d);
    }
    expect(t.emoji.size).toBe(single);
  });

  it("carries the MIT licence notice at the top", () => {
    const head = readFileSync(GENERATED, "utf8").slice(0, 2000);
    expect(head).toContain("@license MIT");
    expect(head).toContain("Copyright (c) 2016 C.J. Hutto");
    expect(head).toContain("Permission is hereby granted, free of charge");
  });

  it("is imported by nothing outside src/sentiment", () => {
    const src = path.resolve(__dirname, "../../src");
    const offenders: string[] = [];
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = path.join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith(".ts") && !p.startsWith(path.join(src, "sentiment") + path.sep) && readFileSync(p, "utf8").includes("lexicon.generated"))
          offenders.push(p);
      }
    };
    walk(src);
    expect(offenders).toEqual([]);
  });
});
