/** How much of a provider's own wording an agent is shown. */
const MAX_PROVIDER_TEXT = 500;
/** A text cut off after this many characters of a key still ends in part of it worth hiding. */
const MIN_KEY_PREFIX = 4;

/**
 * A provider's text as an agent or admin may see it: every occurrence of the profile's key replaced by
 * `mask` (a provider that echoes the key it was sent must not pass it on), also a start of the key the
 * text was cut off in, then cut to `max` characters. The key goes first: a cut made first could leave
 * the start of a key that straddled it.
 */
export function scrubSecret(text: string, secret: string, { mask = "[redacted]", max = MAX_PROVIDER_TEXT } = {}): string {
  let scrubbed = text;
  if (secret.length >= 8) {
    if (scrubbed.includes(secret)) scrubbed = scrubbed.replaceAll(secret, mask);
    const tail = scrubbed.lastIndexOf(secret.slice(0, MIN_KEY_PREFIX));
    if (tail !== -1 && secret.startsWith(scrubbed.slice(tail))) scrubbed = scrubbed.slice(0, tail) + mask;
  }
  return scrubbed.length > max ? `${scrubbed.slice(0, max)}…` : scrubbed;
}
