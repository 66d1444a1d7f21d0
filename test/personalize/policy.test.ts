// Eligibility rules and the contact policy of nextBestAction (src/personalize/policy.ts).
import { describe, expect, it } from "vitest";
import { checkRule, passes, policyBlock, ruleText } from "../../src/personalize/policy.js";
import { expectClienteleError } from "../helpers/errors.js";

const DAY = 86_400_000;
const now = Date.UTC(2026, 11, 4);

describe("eligibility rules", () => {
  it("ruleText writes the rule out, or uses its name", () => {
    expect(ruleText({ attribute: "tier", equals: "gold" })).toBe('tier = "gold"');
    expect(ruleText({ attribute: "age", min: 18, max: 65 })).toBe("age >= 18 and age <= 65");
    expect(ruleText({ attribute: "country", in: ["FR", "DE"], notIn: ["DE"] })).toBe('country in ["FR","DE"] and country not in ["DE"]');
    expect(ruleText({ attribute: "age", min: 18, name: "adults" })).toBe("adults");
  });
  it("passes: every test must hold; a missing attribute fails a positive test and passes notIn", () => {
    expect(passes({ attribute: "tier", equals: "gold" }, { tier: "gold" })).toBe(true);
    expect(passes({ attribute: "tier", equals: "gold" }, { tier: "silver" })).toBe(false);
    expect(passes({ attribute: "age", min: 18, max: 65 }, { age: 18 })).toBe(true);
    expect(passes({ attribute: "age", min: 18, max: 65 }, { age: 66 })).toBe(false);
    expect(passes({ attribute: "age", min: 18 }, { age: "30" })).toBe(false); // a string is not a number
    expect(passes({ attribute: "country", in: ["FR", "DE"] }, { country: "IT" })).toBe(false);
    expect(passes({ attribute: "country", notIn: ["DE"] }, { country: "DE" })).toBe(false);
    expect(passes({ attribute: "country", notIn: ["DE"] }, {})).toBe(true);
    expect(passes({ attribute: "tier", equals: "gold" }, undefined)).toBe(false);
    // an inherited key is not an attribute
    expect(passes({ attribute: "toString", notIn: ["x"] }, {})).toBe(true);
  });
  it("checkRule rejects a rule with no test", () => {
    expect(() => checkRule({ attribute: "tier", equals: "gold" }, "nextBestAction", ["rules", 0])).not.toThrow();
    expect(expectClienteleError(() => checkRule({ attribute: "tier" }, "nextBestAction", ["rules", 0]), "INVALID_INPUT").path).toEqual(["rules", 0]);
  });
});

describe("policyBlock", () => {
  const contacts = [
    { at: now - 1 * DAY, channel: "email" },
    { at: now - 3 * DAY, channel: "email" },
    { at: now - 10 * DAY, channel: "sms" },
  ];
  it("consent: required by default, per channel; opted out and not recorded are told apart", () => {
    expect(policyBlock({}, "email", { email: true }, [], now)).toBeNull();
    expect(policyBlock({}, "email", { email: false }, [], now)).toEqual({ kind: "consent", detail: 'no consent for channel "email" (opted out)' });
    expect(policyBlock({}, "email", {}, [], now)).toEqual({ kind: "consent", detail: 'no consent for channel "email" (not recorded)' });
    expect(policyBlock({ requireConsent: false }, "email", {}, [], now)).toBeNull();
    expect(policyBlock({}, undefined, undefined, [], now)).toBeNull(); // an action without a channel needs no consent
  });
  it("quiet period: the last contact 1 day ago blocks a 2-day quiet period, not a 1-day one", () => {
    expect(policyBlock({ quietDays: 2 }, undefined, undefined, contacts, now)).toEqual({
      kind: "quiet-period",
      detail: "contacted 1 day(s) ago; quiet period 2 day(s)",
    });
    expect(policyBlock({ quietDays: 1 }, undefined, undefined, contacts, now)).toBeNull();
  });
  it("frequency caps: 2 e-mails in the last 7 days reach a cap of 2, not a cap of 3; the sms cap only counts sms", () => {
    expect(policyBlock({ caps: [{ channel: "email", max: 2, days: 7 }] }, "email", { email: true }, contacts, now)).toEqual({
      kind: "frequency-cap",
      detail: '2 contact(s) on "email" in the last 7 day(s); cap 2',
    });
    expect(policyBlock({ caps: [{ channel: "email", max: 3, days: 7 }] }, "email", { email: true }, contacts, now)).toBeNull();
    expect(policyBlock({ caps: [{ channel: "sms", max: 1, days: 7 }] }, "sms", { sms: true }, contacts, now)).toBeNull(); // the sms was 10 days ago
    expect(policyBlock({ caps: [{ max: 3, days: 30 }] }, "sms", { sms: true }, contacts, now)).toEqual({
      kind: "frequency-cap",
      detail: "3 contact(s) in the last 30 day(s); cap 3",
    });
  });
  it("without a `now` or contacts only consent is checked", () => {
    expect(policyBlock({ quietDays: 30, caps: [{ max: 0, days: 30 }] }, undefined, undefined, contacts, undefined)).toBeNull();
    expect(policyBlock({ quietDays: 30 }, undefined, undefined, [], now)).toBeNull();
  });
});
