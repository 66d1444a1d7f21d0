// Internal: eligibility rules and the contact policy of nextBestAction, each returning the reason
// that blocked a customer x action pair (or null when the pair is allowed).
import { ClienteleError, describeValue } from "../core/errors.js";
import { own } from "./inputs.js";
import { MS_PER_DAY } from "./time.js";

/**
 * A declarative eligibility rule on one customer attribute. Give one test: `equals`, `in`,
 * `notIn`, or a numeric range `min` / `max` (inclusive). A customer without the attribute fails
 * the rule (unless the test is `notIn`).
 */
export interface EligibilityRule {
  /** The key in the customer's `attributes`. */
  attribute: string;
  /** The attribute must equal this. */
  equals?: string | number | boolean;
  /** The attribute must be one of these. */
  in?: readonly (string | number | boolean)[];
  /** The attribute must not be one of these. */
  notIn?: readonly (string | number | boolean)[];
  /** Numeric attribute >= min. */
  min?: number;
  /** Numeric attribute <= max. */
  max?: number;
  /** A name shown in the reasons (default: the rule written out). */
  name?: string;
}

/** A frequency cap: at most `max` contacts in the last `days` days (on `channel`, or on every channel). */
export interface FrequencyCap {
  /** The channel the cap counts and applies to; omit for all channels. */
  channel?: string;
  /** Contacts allowed in the window (a new contact is blocked once `max` are there). */
  max: number;
  /** Window length in days, ending at `now`. */
  days: number;
}

/** The contact policy of {@link nextBestAction}. */
export interface ContactPolicy {
  /** Frequency caps, all enforced. */
  caps?: readonly FrequencyCap[];
  /** No action for a customer contacted (on any channel) less than this many days before `now`. */
  quietDays?: number;
  /** An action on a channel needs `consent[channel] === true` on the customer (default true). */
  requireConsent?: boolean;
}

/** Human-readable form of a rule. */
export function ruleText(r: EligibilityRule): string {
  if (r.name !== undefined) return r.name;
  const parts: string[] = [];
  if (r.equals !== undefined) parts.push(`${r.attribute} = ${JSON.stringify(r.equals)}`);
  if (r.in !== undefined) parts.push(`${r.attribute} in ${JSON.stringify(r.in)}`);
  if (r.notIn !== undefined) parts.push(`${r.attribute} not in ${JSON.stringify(r.notIn)}`);
  if (r.min !== undefined) parts.push(`${r.attribute} >= ${r.min}`);
  if (r.max !== undefined) parts.push(`${r.attribute} <= ${r.max}`);
  return parts.join(" and ") || `${r.attribute} present`;
}

/** Checks a rule's shape (at least one test). */
export function checkRule(r: EligibilityRule, fn: string, path: (string | number)[]): void {
  if (r.equals === undefined && r.in === undefined && r.notIn === undefined && r.min === undefined && r.max === undefined) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path,
      message: `${fn}: eligibility rule on "${r.attribute}" has no test; give equals, in, notIn, min or max.`,
    });
  }
}

/** True when the customer's attributes pass the rule. */
export function passes(r: EligibilityRule, attrs: Record<string, unknown> | undefined): boolean {
  const v = attrs ? own(attrs, r.attribute) : undefined;
  if (r.notIn !== undefined && v !== undefined && r.notIn.includes(v as never)) return false;
  if (v === undefined || v === null) return r.equals === undefined && r.in === undefined && r.min === undefined && r.max === undefined;
  if (r.equals !== undefined && v !== r.equals) return false;
  if (r.in !== undefined && !r.in.includes(v as never)) return false;
  if (r.min !== undefined && !(typeof v === "number" && v >= r.min)) return false;
  if (r.max !== undefined && !(typeof v === "number" && v <= r.max)) return false;
  return true;
}

/** A customer's contact history, as epoch ms and channel. */
export interface Contact {
  at: number;
  channel: string | undefined;
}

/** Why the contact policy blocks an action on `channel` for this customer, or null. */
export function policyBlock(
  policy: ContactPolicy,
  channel: string | undefined,
  consent: Record<string, unknown> | undefined,
  contacts: readonly Contact[],
  now: number | undefined,
): { kind: "consent" | "frequency-cap" | "quiet-period"; detail: string } | null {
  if (channel !== undefined && policy.requireConsent !== false) {
    const c = consent ? own(consent, channel) : undefined;
    if (c !== true) return { kind: "consent", detail: `no consent for channel "${channel}"${c === false ? " (opted out)" : " (not recorded)"}` };
  }
  if (now === undefined || contacts.length === 0) return null;
  if (policy.quietDays !== undefined && policy.quietDays > 0) {
    let last = -Infinity;
    for (const c of contacts) if (c.at <= now && c.at > last) last = c.at;
    if (last > now - policy.quietDays * MS_PER_DAY) {
      return { kind: "quiet-period", detail: `contacted ${+((now - last) / MS_PER_DAY).toFixed(2)} day(s) ago; quiet period ${policy.quietDays} day(s)` };
    }
  }
  for (const cap of policy.caps ?? []) {
    if (cap.channel !== undefined && cap.channel !== channel) continue;
    const from = now - cap.days * MS_PER_DAY;
    let k = 0;
    for (const c of contacts) if (c.at > from && c.at <= now && (cap.channel === undefined || c.channel === cap.channel)) k++;
    if (k >= cap.max)
      return { kind: "frequency-cap", detail: `${k} contact(s)${cap.channel ? ` on "${cap.channel}"` : ""} in the last ${cap.days} day(s); cap ${cap.max}` };
  }
  return null;
}

/** describeValue re-exported for nba.ts messages. */
export { describeValue };
