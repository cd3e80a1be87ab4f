import { isUtf8 } from "node:buffer";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const MINUS = 0x2d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const isSpace = (byte: number | undefined) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
const isDigit = (byte: number | undefined) => byte !== undefined && byte >= 0x30 && byte <= 0x39;

/** A [start, end) byte range of the body. */
export type Span = [number, number];

/** Where the proxy's keys are in an agent's raw request body, found in one pass over its bytes. */
export interface BodyLayout {
  /** How deeply the body nests: 1 for an object of plain values. */
  depth: number;
  /** The value of each top-level `model` key (a key spelt with escapes, "mod\u0065l", counts too). */
  model: Span[];
  /** The value of each prompt key (null: absent) when the body names each at most once and their
   *  bytes are exactly what JSON.stringify writes for them, so they can be hashed as they are. */
  compactPrompt?: Array<Span | null>;
}

function skipSpace(raw: Buffer, at: number): number {
  while (isSpace(raw[at])) at++;
  return at;
}

/** Index just past the JSON string whose opening quote is at `at`, or -1. */
function stringEnd(raw: Buffer, at: number): number {
  for (let quote = raw.indexOf(QUOTE, at + 1); quote !== -1; quote = raw.indexOf(QUOTE, quote + 1)) {
    let backslashes = 0;
    while (raw[quote - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
  }
  return -1;
}

/** What skipping over values saw: how deep they nest and, for the value being checked, what makes
 *  its bytes differ from JSON.stringify's output. */
interface ScanNotes {
  depth: number;
  compact: boolean;
  keys: number;
}

/**
 * Index just past the JSON value that starts at `at`, or -1. With `check`, notes spacing, numbers
 * (JSON.stringify may spell them differently) and keys that look like array indexes (JavaScript
 * puts those first), and counts keys so duplicates (which parsing drops) can be told.
 */
function valueEnd(raw: Buffer, at: number, notes: ScanNotes, check: boolean): number {
  const first = raw[at];
  if (first === QUOTE) return stringEnd(raw, at);
  if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
    // true, false, null or a number: runs to the next delimiter
    if (check && (isDigit(first) || first === MINUS)) notes.compact = false;
    while (at < raw.length && raw[at] !== COMMA && raw[at] !== CLOSE_OBJECT && raw[at] !== CLOSE_ARRAY && !isSpace(raw[at])) at++;
    return at;
  }
  let depth = 0;
  for (; at < raw.length; at++) {
    const byte = raw[at]!;
    if (byte === QUOTE) {
      const end = stringEnd(raw, at);
      if (end === -1) return -1;
      if (check && raw[end] === COLON) {
        notes.keys++;
        if (isDigit(raw[at + 1])) notes.compact = false;
      }
      at = end - 1;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (++depth > notes.depth) notes.depth = depth;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      if (--depth === 0) return at + 1;
    } else if (check && (isSpace(byte) || isDigit(byte) || byte === MINUS)) notes.compact = false;
  }
  return -1;
}

// JSON.stringify's escapes: \" \\ \b \t \n \f \r, and \u00xx (lower-case hex) for other control characters.
const SHORT_ESCAPES = new Set([QUOTE, BACKSLASH, 0x62, 0x74, 0x6e, 0x66, 0x72]);
const SHORT_ESCAPED_CONTROLS = new Set([0x08, 0x09, 0x0a, 0x0c, 0x0d]);
const LOWER_HEX = /^00[01][0-9a-f]$/;

/** Whether every escape in the span is spelt as JSON.stringify spells it (escapes only occur inside strings). */
function escapesAreCompact(raw: Buffer, [start, end]: Span): boolean {
  for (let at = raw.indexOf(BACKSLASH, start); at !== -1 && at < end; at = raw.indexOf(BACKSLASH, at)) {
    const kind = raw[at + 1]!;
    if (SHORT_ESCAPES.has(kind)) {
      at += 2;
      continue;
    }
    if (kind !== 0x75) return false; // "\/" and the like
    const hex = raw.toString("latin1", at + 2, at + 6);
    if (!LOWER_HEX.test(hex) || SHORT_ESCAPED_CONTROLS.has(parseInt(hex, 16))) return false;
    at += 6;
  }
  return true;
}

/** Deeper bodies are refused by the proxy: no chat request needs them, and recursive code (countKeys
 *  here, the providers' translations) must not meet them. */
export const MAX_BODY_DEPTH = 100;

function countKeys(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + countKeys(item), 0);
  if (typeof value !== "object" || value === null) return 0;
  let keys = 0;
  for (const item of Object.values(value)) keys += 1 + countKeys(item);
  return keys;
}

function isKey(raw: Buffer, [start, end]: Span, name: Buffer): boolean {
  if (end - start === name.length) return raw.compare(name, 0, name.length, start, end) === 0;
  for (let at = start; at < end; at++) {
    if (raw[at] === BACKSLASH) return JSON.parse(raw.toString("utf8", start, end)) === JSON.parse(name.toString());
  }
  return false;
}

const MODEL_KEY = Buffer.from('"model"');
const quotedKeys = new Map<string, Buffer>();
const quoted = (key: string) => quotedKeys.get(key) ?? quotedKeys.set(key, Buffer.from(JSON.stringify(key))).get(key)!;

/**
 * The layout of a body JSON.parse has already accepted as `body`, or undefined when the scan cannot
 * follow it (callers then fall back to re-serialising the parsed body). `promptKeys`: the top-level
 * keys whose bytes are checked for hashing as they are.
 */
export function bodyLayout(raw: Buffer, body: Record<string, unknown>, promptKeys: readonly string[]): BodyLayout | undefined {
  let at = skipSpace(raw, 0);
  if (raw[at] !== OPEN_OBJECT) return undefined;
  const model: Span[] = [];
  const promptValues: Span[][] = promptKeys.map(() => []);
  const keyBytes = promptKeys.map(quoted);
  const notes: ScanNotes = { depth: 0, compact: true, keys: 0 };
  at = skipSpace(raw, at + 1);
  if (raw[at] !== CLOSE_OBJECT) {
    for (;;) {
      if (raw[at] !== QUOTE) return undefined;
      const key: Span = [at, stringEnd(raw, at)];
      if (key[1] === -1) return undefined;
      const isModel = isKey(raw, key, MODEL_KEY);
      const prompt = isModel ? -1 : keyBytes.findIndex((name) => isKey(raw, key, name));
      at = skipSpace(raw, key[1]);
      if (raw[at] !== COLON) return undefined;
      const start = skipSpace(raw, at + 1);
      const end = valueEnd(raw, start, notes, prompt !== -1);
      if (end === -1) return undefined;
      if (isModel) model.push([start, end]);
      if (prompt !== -1) promptValues[prompt]!.push([start, end]);
      at = skipSpace(raw, end);
      if (raw[at] === CLOSE_OBJECT) break;
      if (raw[at] !== COMMA) return undefined;
      at = skipSpace(raw, at + 1);
    }
  }
  const layout: BodyLayout = { depth: 1 + notes.depth, model };
  const spans = promptValues.map((found) => (found.length === 1 ? found[0]! : null));
  const compact =
    notes.compact &&
    layout.depth <= MAX_BODY_DEPTH &&
    promptValues.every((found) => found.length <= 1) &&
    spans.every((span) => span === null || (escapesAreCompact(raw, span) && isUtf8(raw.subarray(span[0], span[1])))) &&
    notes.keys === promptKeys.reduce((sum, key) => sum + countKeys(body[key]), 0);
  if (compact) layout.compactPrompt = spans;
  return layout;
}
