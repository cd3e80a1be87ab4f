import { AGENT_STRING_BYTES } from "./agent-strings.ts";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const isSpace = (byte: number | undefined) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
const isDigit = (byte: number | undefined) => byte !== undefined && byte >= 0x30 && byte <= 0x39;
const isLowerHex = (byte: number | undefined) => byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66));
// Control characters JSON.stringify writes with a short escape rather than \u00xx.
const SHORT_ESCAPED_CONTROLS = new Set([0x08, 0x09, 0x0a, 0x0c, 0x0d]);
const ESCAPED_SLASH = Buffer.from("\\/");
const UNICODE_ESCAPE = Buffer.from("\\u");
/** Keys of one object in a checked value that are compared for duplicates (see noteKey). */
const MAX_COMPARED_KEYS = 64;
/** Strings up to this many bytes are read byte by byte; longer ones with native searches. */
const SHORT_STRING = 48;
const LITERALS = { 0x74: Buffer.from("true"), 0x66: Buffer.from("false"), 0x6e: Buffer.from("null") } as Record<number, Buffer>;

/** A [start, end) byte range of the body. */
export type Span = [number, number];
export type JsonKind = "object" | "array" | "string" | "number" | "true" | "false" | "null";

/** One top-level value of a request body. */
export interface TopLevelValue {
  span: Span;
  kind: JsonKind;
  /** An array or an object with nothing in it. */
  empty: boolean;
  /** For checked values (prompt keys): spacing, numbers, escapes and keys are spelt as JSON.stringify
   *  would write them for the parsed value, so its bytes can stand for it (when they are valid UTF-8). */
  compact: boolean;
}

/** What one pass over a request body's bytes found. */
export interface BodyScan {
  /** How deeply the body nests: 1 for an object of plain values. */
  depth: number;
  /** The top-level values by key, the last of each where a key repeats (as JSON.parse keeps). */
  values: Map<string, TopLevelValue>;
  /** Every top-level `model` value, in order (a key spelt with escapes, "mod\u0065l", counts too). */
  models: Span[];
  /** Every string value of at least AGENT_STRING_BYTES bytes, quotes included, at any depth. */
  longStrings: Span[];
}

/** The body is not JSON; the message says where and why. */
export class BodySyntaxError extends Error {}

/** The body nests deeper than the scan was told to follow. */
export class BodyTooDeepError extends Error {}

const kindOf = (byte: number): JsonKind =>
  byte === OPEN_OBJECT ? "object" : byte === OPEN_ARRAY ? "array" : byte === QUOTE ? "string" : byte === 0x74 ? "true" : byte === 0x66 ? "false" : byte === 0x6e ? "null" : "number";

/**
 * Checks that a request body is one JSON object and notes where its top-level values are, without
 * building it: a call passed through to the provider never needs the parsed body. Its structure is
 * checked as JSON.parse checks it (objects, arrays, keys, commas, colons, numbers, literals, nothing
 * after the object); inside strings only where each one ends is found, so an invalid escape or a raw
 * control character in a string is left to the provider, which refuses it (a translated call parses
 * the body and refuses it itself). `checkedKeys`: top-level keys whose bytes are checked for being
 * compact (see TopLevelValue.compact). Past `maxDepth` levels it stops with a BodyTooDeepError, so a
 * body of brackets costs no more than its first `maxDepth` of them.
 */
export function scanBody(raw: Buffer, checkedKeys: readonly string[], maxDepth = Infinity): BodyScan {
  return new Scanner(raw, checkedKeys, maxDepth).scan();
}

class Scanner {
  private at = 0;
  /** The open containers, innermost last: OPEN_OBJECT or OPEN_ARRAY. */
  private readonly open: number[] = [];
  private depth = 0;
  private readonly values = new Map<string, TopLevelValue>();
  private readonly models: Span[] = [];
  private readonly longStrings: Span[] = [];
  // The top-level value being read, and what is noted while reading a checked one.
  private key = "";
  private valueStart = 0;
  private checking = false;
  private compact = true;
  /** Keys seen so far in each open object of a checked value, by depth (duplicates are not compact). */
  private readonly keysAt: Span[][] = [];

  constructor(
    private readonly raw: Buffer,
    private readonly checkedKeys: readonly string[],
    private readonly maxDepth: number,
  ) {}

  private fail(what: string, at = this.at): never {
    throw new BodySyntaxError(at >= this.raw.length ? `${what}, but the body ends at byte ${this.raw.length}` : `${what} at byte ${at}`);
  }

  private skipSpace(): void {
    const { raw } = this;
    const from = this.at;
    while (isSpace(raw[this.at])) this.at++;
    if (this.checking && this.at !== from) this.compact = false;
  }

  scan(): BodyScan {
    const { raw, open } = this;
    this.skipSpace();
    if (raw[this.at] !== OPEN_OBJECT) this.fail("expected '{' (the body must be a JSON object)");
    let needValue = true;
    for (;;) {
      if (needValue) {
        this.skipSpace();
        const byte = raw[this.at];
        if (open.length === 1) this.startTopLevelValue();
        if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
          open.push(byte);
          if (open.length > this.depth) {
            this.depth = open.length;
            if (this.depth > this.maxDepth) throw new BodyTooDeepError(`more than ${this.maxDepth} levels deep`);
          }
          if (this.checking && byte === OPEN_OBJECT) this.keysAt[open.length] = [];
          this.at++;
          this.skipSpace();
          if (raw[this.at] === (byte === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY)) {
            open.pop();
            this.at++;
          } else {
            if (byte === OPEN_OBJECT) this.readKey();
            continue;
          }
        } else if (byte === QUOTE) {
          const end = this.stringEnd(this.at);
          if (end - this.at >= AGENT_STRING_BYTES) this.longStrings.push([this.at, end]);
          this.at = end;
        } else this.readScalar();
        needValue = false;
      }
      if (open.length === 0) break;
      if (open.length === 1) this.endTopLevelValue();
      this.skipSpace();
      const container = open[open.length - 1]!;
      const byte = raw[this.at];
      if (byte === COMMA) {
        this.at++;
        this.skipSpace();
        if (container === OPEN_OBJECT) this.readKey();
        needValue = true;
      } else if (byte === (container === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY)) {
        open.pop();
        this.at++;
      } else this.fail(container === OPEN_OBJECT ? "expected ',' or '}' after a value" : "expected ',' or ']' after a value");
    }
    this.skipSpace();
    if (this.at !== raw.length) this.fail("expected the end of the body after its object");
    return { depth: this.depth, values: this.values, models: this.models, longStrings: this.longStrings };
  }

  private startTopLevelValue(): void {
    this.valueStart = this.at;
    this.checking = this.checkedKeys.includes(this.key);
    this.compact = true;
  }

  private endTopLevelValue(): void {
    const { raw, valueStart: start } = this;
    const span: Span = [start, this.at];
    const kind = kindOf(raw[start]!);
    let empty = false;
    if (kind === "object" || kind === "array") {
      let inner = start + 1;
      while (isSpace(raw[inner])) inner++;
      empty = inner === this.at - 1;
    }
    const compact = this.checking && this.compact && this.escapesAreCompact(span);
    this.values.set(this.key, { span, kind, empty, compact });
    if (this.key === "model") this.models.push(span);
    this.checking = false;
  }

  /** A key and its colon; leaves the scan at the value. */
  private readKey(): void {
    const { raw } = this;
    const start = this.at;
    if (raw[start] !== QUOTE) this.fail("expected a quoted key");
    const end = this.stringEnd(start);
    if (this.open.length === 1) this.key = this.hasEscape(start, end) ? this.decodeKey(start, end) : raw.toString("utf8", start + 1, end - 1);
    else if (this.checking && this.compact) this.noteKey(start, end);
    this.at = end;
    this.skipSpace();
    if (raw[this.at] !== COLON) this.fail("expected ':' after a key");
    this.at++;
  }

  private decodeKey(start: number, end: number): string {
    try {
      return JSON.parse(this.raw.toString("utf8", start, end)) as string;
    } catch {
      return this.fail("an invalid escape or a control character in a key", start);
    }
  }

  /** JavaScript puts keys that look like array indexes first, and parsing keeps one of duplicate keys. */
  private noteKey(start: number, end: number): void {
    if (isDigit(this.raw[start + 1]) || this.hasEscape(start, end)) {
      this.compact = false;
      return;
    }
    const seen = this.keysAt[this.open.length]!;
    // Comparing each key with every other is quadratic: objects with many keys are left to re-serialising.
    if (seen.length >= MAX_COMPARED_KEYS) {
      this.compact = false;
      return;
    }
    for (const [otherStart, otherEnd] of seen) {
      if (otherEnd - otherStart === end - start && this.raw.compare(this.raw, otherStart, otherEnd, start, end) === 0) {
        this.compact = false;
        return;
      }
    }
    seen.push([start, end]);
  }

  /** Index just past the string whose opening quote is at `start`. */
  private stringEnd(start: number): number {
    const { raw } = this;
    const limit = Math.min(start + SHORT_STRING, raw.length);
    let at = start + 1;
    // Short strings (keys, roles, names): a loop over their bytes is cheaper than a native search.
    for (; at < limit; at++) {
      const byte = raw[at];
      if (byte === QUOTE) return at + 1;
      if (byte === BACKSLASH) break;
    }
    for (let quote = raw.indexOf(QUOTE, at); quote !== -1; quote = raw.indexOf(QUOTE, quote + 1)) {
      let backslashes = 0;
      while (raw[quote - 1 - backslashes] === BACKSLASH) backslashes++;
      if (backslashes % 2 === 0) return quote + 1;
    }
    return this.fail("unterminated string", start);
  }

  /** Whether a key (a short string) has an escape in it. */
  private hasEscape(start: number, end: number): boolean {
    for (let at = start + 1; at < end - 1; at++) if (this.raw[at] === BACKSLASH) return true;
    return false;
  }

  /**
   * Whether every escape in a checked value is one JSON.stringify writes: no escaped slash, and \u only
   * as lower-case \u00xx for a control character without a short escape. Two native searches for most
   * values; a match that is not an escape (an escaped backslash before "u") only makes the hash
   * re-serialise the value.
   */
  private escapesAreCompact([start, end]: Span): boolean {
    const value = this.raw.subarray(start, end);
    if (value.includes(ESCAPED_SLASH)) return false;
    for (let at = value.indexOf(UNICODE_ESCAPE); at !== -1; at = value.indexOf(UNICODE_ESCAPE, at + 2)) {
      const lower = value[at + 2] === ZERO && value[at + 3] === ZERO && (value[at + 4] === 0x30 || value[at + 4] === 0x31) && isLowerHex(value[at + 5]);
      if (!lower || value[at - 1] === BACKSLASH || SHORT_ESCAPED_CONTROLS.has(parseInt(value.toString("latin1", at + 4, at + 6), 16))) return false;
    }
    return true;
  }

  /** true, false, null or a number. */
  private readScalar(): void {
    const { raw } = this;
    const start = this.at;
    const literal = LITERALS[raw[start]!];
    if (literal) {
      const end = start + literal.length;
      if (end > raw.length || raw.compare(literal, 0, literal.length, start, end) !== 0) this.fail("expected a value", start);
      this.at += literal.length;
      return;
    }
    let at = start;
    if (raw[at] === MINUS) at++;
    if (raw[at] === ZERO) at++;
    else if (isDigit(raw[at])) while (isDigit(raw[at])) at++;
    else this.fail("expected a value", start);
    if (raw[at] === DOT) {
      if (!isDigit(raw[++at])) this.fail("expected a digit", at);
      while (isDigit(raw[at])) at++;
    }
    if (raw[at] === 0x65 || raw[at] === 0x45) {
      at++;
      if (raw[at] === PLUS || raw[at] === MINUS) at++;
      if (!isDigit(raw[at])) this.fail("expected a digit", at);
      while (isDigit(raw[at])) at++;
    }
    // JSON.stringify may spell a number differently (1.0, 1e2)
    if (this.checking) this.compact = false;
    this.at = at;
  }
}
