import type { ReasoningToken } from "../../proxy/neutral.ts";

// Responses carries a provider's opaque reasoning token in `encrypted_content`. OpenAI's own go there as
// they are; another provider's (Anthropic's thinking signature) are tagged so that they are known again
// when the agent sends them back, and go back only to the provider that issued them.
const TAG = "msw1:";

export function toEncryptedContent(token: ReasoningToken): string {
  return token.issuer === "openai" ? token.data : `${TAG}${token.issuer}:${token.kind}:${token.data}`;
}

export function fromEncryptedContent(content: string): ReasoningToken {
  if (!content.startsWith(TAG)) return { issuer: "openai", kind: "encrypted", data: content };
  const [issuer, kind, ...data] = content.slice(TAG.length).split(":");
  if (issuer === "anthropic" && (kind === "signature" || kind === "redacted")) return { issuer, kind, data: data.join(":") };
  return { issuer: "openai", kind: "encrypted", data: content };
}
