import { describe, expect, it } from "vitest";
import { agentIdFrom, agentPath } from "../../console/src/agent-path.ts";

/** What wouter does with the hash path before matching `/agents/:id`. */
const asWouterMatches = (path: string) => decodeURI(path).replace(/^\/agents\//, "");

describe("an agent's page address", () => {
  it.each(["researcher", "team a/b", "100%", "x%41", "what? #1 & co", "Zoë"])("brings back %j exactly", (agentId) => {
    expect(agentIdFrom(asWouterMatches(agentPath(agentId)))).toBe(agentId);
  });

  it("leaves a plain id readable", () => {
    expect(agentPath("researcher")).toBe("/agents/researcher");
  });
});
