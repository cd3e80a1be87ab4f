/** What openapi-fetch hands back: the parsed error body (if any) and the HTTP answer. */
export interface Failure {
  error?: unknown;
  response?: Response;
}

/** The contract's error body is `{error: {message}}`; a failed sync adds `reason`. */
function messageOf(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const { error } = body as { error?: unknown };
  if (typeof error === "object" && error !== null && typeof (error as { message?: unknown }).message === "string") {
    return (error as { message: string }).message;
  }
  return undefined;
}

const BY_STATUS: Record<number, string> = {
  401: "The key was not accepted. Sign out and sign in again with a valid key.",
  403: "This key may not do that.",
  404: "Not found: it may have been deleted meanwhile. Reload the page.",
  503: "The switcher's database does not answer right now; nothing was changed. Try again in a moment.",
};

/**
 * One sentence for the operator: the API's own message when it sent one, plain words otherwise. A 401
 * is always the console's own sentence: the API's says which header to send, which a person cannot act on.
 */
export function plainError({ error, response }: Failure): string {
  if (response?.status === 401) return BY_STATUS[401]!;
  const message = messageOf(error);
  if (message) return message;
  if (!response) return "The switcher did not answer. Check that it is running and that this page's address is right.";
  return BY_STATUS[response.status] ?? `The switcher answered with an unexpected error (HTTP ${response.status}).`;
}
