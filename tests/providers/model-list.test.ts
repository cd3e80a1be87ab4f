import { describe, expect, it } from "vitest";
import { parseModelList } from "../../src/providers/model-list.ts";

describe("parseModelList", () => {
  it.each([
    [{ data: [{ id: "a" }, { id: "b" }, { id: "a" }] }, ["a", "b"]],
    [{ object: "list", data: [] }, []],
    [{ data: [{ id: "ok" }, { id: "   " }, { id: "x".repeat(201) }, { id: "nul\u0000" }] }, ["ok"]],
    [{ data: [{ name: "no id" }] }, undefined],
    [{ data: [1, 2] }, undefined],
    [{ models: ["a"] }, undefined],
    [[{ id: "a" }], undefined],
    [null, undefined],
  ])("%j → %j", (body, ids) => {
    expect(parseModelList(body)).toEqual(ids);
  });
});
