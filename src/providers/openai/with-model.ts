const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const MODEL_KEY = Buffer.from('"model"');

const isSpace = (byte: number | undefined) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

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

/** Index just past the JSON value that starts at `at`, or -1. */
function valueEnd(raw: Buffer, at: number): number {
  const first = raw[at];
  if (first === QUOTE) return stringEnd(raw, at);
  if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
    // true, false, null or a number: runs to the next delimiter
    while (at < raw.length && raw[at] !== COMMA && raw[at] !== CLOSE_OBJECT && raw[at] !== CLOSE_ARRAY && !isSpace(raw[at])) at++;
    return at;
  }
  let depth = 0;
  for (; at < raw.length; at++) {
    const byte = raw[at];
    if (byte === QUOTE) {
      at = stringEnd(raw, at) - 1;
      if (at < 0) return -1;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) depth++;
    else if ((byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) && --depth === 0) return at + 1;
  }
  return -1;
}

function isModelKey(raw: Buffer, start: number, end: number): boolean {
  if (end - start === MODEL_KEY.length) return raw.compare(MODEL_KEY, 0, MODEL_KEY.length, start, end) === 0;
  // An escaped spelling ("mod\u0065l") is the same key to every JSON parser.
  for (let at = start; at < end; at++) {
    if (raw[at] === BACKSLASH) return JSON.parse(raw.toString("utf8", start, end)) === "model";
  }
  return false;
}

/**
 * Where the top-level `model` values of a JSON object text are: a list of [start, end) byte ranges,
 * or undefined when the text is not an object this scanner follows (the caller then re-serialises).
 */
function topLevelModelValues(raw: Buffer): Array<[number, number]> | undefined {
  let at = skipSpace(raw, 0);
  if (raw[at] !== OPEN_OBJECT) return undefined;
  const found: Array<[number, number]> = [];
  at = skipSpace(raw, at + 1);
  if (raw[at] === CLOSE_OBJECT) return found;
  for (;;) {
    if (raw[at] !== QUOTE) return undefined;
    const keyEnd = stringEnd(raw, at);
    if (keyEnd === -1) return undefined;
    const isModel = isModelKey(raw, at, keyEnd);
    at = skipSpace(raw, keyEnd);
    if (raw[at] !== COLON) return undefined;
    const start = skipSpace(raw, at + 1);
    const end = valueEnd(raw, start);
    if (end === -1) return undefined;
    if (isModel) found.push([start, end]);
    at = skipSpace(raw, end);
    if (raw[at] === CLOSE_OBJECT) return found;
    if (raw[at] !== COMMA) return undefined;
    at = skipSpace(raw, at + 1);
  }
}

/**
 * The agent's request body with `model` set, every other byte as the agent sent it. Splicing the raw
 * text costs a copy; re-serialising a large body (a 50 KB system prompt) costs far more. Bodies with
 * no `model` get one in front; a body that names `model` twice is re-serialised, so no provider can
 * read the agent's own choice from a duplicate key.
 */
export function withModel(raw: Buffer, body: object, model: string): Buffer | string {
  const modelJson = Buffer.from(JSON.stringify(model));
  const found = topLevelModelValues(raw);
  if (found?.length === 1) {
    const [start, end] = found[0]!;
    return Buffer.concat([raw.subarray(0, start), modelJson, raw.subarray(end)]);
  }
  if (found?.length === 0) {
    const open = raw.indexOf(OPEN_OBJECT);
    const hasKeys = Object.keys(body).length > 0;
    return Buffer.concat([Buffer.from('{"model":'), modelJson, Buffer.from(hasKeys ? "," : ""), raw.subarray(open + 1)]);
  }
  return JSON.stringify({ ...body, model });
}
