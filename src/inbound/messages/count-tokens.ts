/** The characters one token stands for in the estimate: the usual figure for English text and code. */
const CHARACTERS_PER_TOKEN = 4;

/**
 * An estimate of a Messages request's input tokens, for profiles that cannot count them: the characters
 * of the JSON of its system prompt, messages and tools, divided by four and rounded up. It tends to
 * over-count (JSON punctuation is counted too), which errs on the safe side for sizing a context.
 */
export function estimateInputTokens(body: Record<string, unknown>): number {
  const text = JSON.stringify([body.system ?? null, body.messages ?? null, body.tools ?? null]);
  return Math.ceil(text.length / CHARACTERS_PER_TOKEN);
}
