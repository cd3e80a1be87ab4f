const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Index just past the JSON object or array that opens at `start`, or -1 when the text ends first. */
function compositeEnd(text: string, start: number): number {
  let depth = 0;
  for (let at = start; at < text.length; at++) {
    const c = text.charCodeAt(at);
    if (c === QUOTE) {
      for (at++; at < text.length && text.charCodeAt(at) !== QUOTE; at++) if (text.charCodeAt(at) === BACKSLASH) at++;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if ((c === 0x7d || c === 0x5d) && --depth === 0) return at + 1;
  }
  return -1;
}

/**
 * The JSON object that follows `key` (such as '"usage":') at its first or last occurrence in SSE text,
 * or undefined. Reads usage from the ends of a relayed stream without parsing every event: a provider's
 * final event can be larger than the bytes kept of it, but its usage sits near its end.
 */
export function jsonAfter(text: string, key: string, which: "first" | "last"): unknown {
  const found = which === "first" ? text.indexOf(key) : text.lastIndexOf(key);
  if (found === -1) return undefined;
  let start = found + key.length;
  while (text[start] === " ") start++;
  if (text[start] !== "{") return undefined;
  const end = compositeEnd(text, start);
  if (end === -1) return undefined;
  try {
    return JSON.parse(text.slice(start, end));
  } catch {
    return undefined;
  }
}
