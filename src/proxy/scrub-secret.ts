/** The text with every occurrence of `secret` replaced: a provider that echoes the key it was sent must not pass it on. */
export function scrubSecret(text: string, secret: string): string {
  return secret.length >= 8 && text.includes(secret) ? text.replaceAll(secret, "[redacted]") : text;
}
