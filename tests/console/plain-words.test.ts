import { describe, expect, it } from "vitest";
import { plainError } from "../../console/src/api/plain-error.ts";
import { formatCost } from "../../console/src/format.ts";

const answer = (status: number) => new Response(null, { status });

describe("the console's plain words", () => {
  it("shows the API's own message, which says what to fix", () => {
    const error = { error: { type: "conflict_error", message: "A profile named 'openai-work' already exists." } };
    expect(plainError({ error, response: answer(409) })).toBe("A profile named 'openai-work' already exists.");
  });

  it("tells a signed-in operator whose key stopped working to sign in again, not which header to send", () => {
    const error = { error: { type: "authentication_error", message: "Send the admin key (ROUTER_ADMIN_KEY) as 'Authorization: Bearer <key>'." } };
    expect(plainError({ error, response: answer(401) })).toBe("The key was not accepted. Sign out and sign in again with a valid key.");
  });

  it("says the switcher did not answer when the request never reached it", () => {
    expect(plainError({})).toContain("The switcher did not answer");
  });

  it("names the status of an error without a body", () => {
    expect(plainError({ response: answer(502) })).toBe("The switcher answered with an unexpected error (HTTP 502).");
  });

  it("shows an unknown cost as unknown, never as $0", () => {
    expect(formatCost(null)).toBe("unknown");
    expect(formatCost(0)).toBe("$0");
    expect(formatCost(0.000018)).toBe("$0.000018");
    expect(formatCost(12.345)).toBe("$12.35");
  });
});
