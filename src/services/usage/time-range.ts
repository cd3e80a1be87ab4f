import { badRequest } from "../../errors.ts";

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^([1-9][0-9]{0,5})([mhd])$/;
// RFC 3339 with a zone, as the contract's date-time format asks.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

/** A length of time such as `30m`, `24h` or `7d`, in ms; undefined when the text is not one. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text);
  return match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : undefined;
}

/** A time given as RFC 3339 or as a length of time before `now`; 400 naming `param` otherwise. */
export function parseInstant(text: string, now: Date, param: string): Date {
  const ago = parseDuration(text);
  if (ago !== undefined) return new Date(now.getTime() - ago);
  const at = INSTANT.test(text) ? new Date(text) : undefined;
  if (!at || Number.isNaN(at.getTime())) {
    // A '+' left unencoded in a query string arrives as a space.
    const plus = / \d{2}:\d{2}$/.test(text) ? " (a '+' in a URL reads as a space: write it as %2B)" : "";
    throw badRequest(`${param} must be a time such as 2026-11-25T00:00:00Z, or how long ago such as 30m, 24h or 7d; got '${text}'${plus}.`, param);
  }
  return at;
}

/** since/until of a read: default until now and since `defaultSpanMs` before until; since must come first. */
export function timeRange(query: { since?: string; until?: string }, now: Date, defaultSpanMs: number): { since: Date; until: Date } {
  const until = query.until === undefined ? now : parseInstant(query.until, now, "until");
  const since = query.since === undefined ? new Date(until.getTime() - defaultSpanMs) : parseInstant(query.since, now, "since");
  requireOrder(since, until);
  return { since, until };
}

/** 400 unless `since` comes before `until`: a range the other way round would quietly match nothing. */
export function requireOrder(since: Date, until: Date): void {
  if (since >= until) throw badRequest(`since (${since.toISOString()}) must be earlier than until (${until.toISOString()}).`, "since");
}

const HOUR_MS = UNIT_MS.h;

/** Rounds down to the start of the UTC hour or day. */
export function floorTo(unit: "hour" | "day", at: Date): Date {
  const ms = unit === "hour" ? HOUR_MS : UNIT_MS.d;
  return new Date(Math.floor(at.getTime() / ms) * ms);
}

/** Rounds up to the next start of a UTC hour or day (an exact start stays). */
export function ceilTo(unit: "hour" | "day", at: Date): Date {
  const ms = unit === "hour" ? HOUR_MS : UNIT_MS.d;
  return new Date(Math.ceil(at.getTime() / ms) * ms);
}
