import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKey } from "../helpers/keys.ts";
import { ROOT } from "../helpers/process.ts";
import { startTestService, type TestService } from "../helpers/service.ts";

const run = promisify(execFile);
const PACKAGE_DIR = path.join(ROOT, "packages/client");

let svc: TestService;
let project: string;

/** What an agent writes: switch its own model with its own key, then read it back. Plain JavaScript. */
const AGENT_SCRIPT = `
import { createSwitcherClient } from "@model-switcher/client";

const api = createSwitcherClient({ baseUrl: process.env.SWITCHER_URL, key: process.env.SWITCHER_AGENT_KEY });
const { data, error } = await api.POST("/api/switch", { body: { profile_name: "work", model_name: "gpt-small" } });
if (error) throw new Error(error.error.message);
const active = await api.GET("/api/active");
const refused = await api.POST("/api/switch", { body: { agent_id: "someone-else", profile_name: "work", model_name: "gpt-small" } });
console.log(JSON.stringify({ switched: data.active, active: active.data, refused: refused.response.status }));
`;

/** The same in TypeScript, type-checked against the package's .d.ts files. */
const TYPED_SCRIPT = `
import { createSwitcherClient, type SwitcherClient } from "@model-switcher/client";

const api: SwitcherClient = createSwitcherClient({ baseUrl: "http://127.0.0.1:8080", key: "msk_example" });
const { data } = await api.POST("/api/switch", { body: { profile_name: "work", model_name: "gpt-small" } });
const model: string | undefined = data?.active.model_name;
// @ts-expect-error the contract's types reach the consumer: model_name is a string
const wrong: number | undefined = data?.active.model_name;
console.log(model, wrong);
`;

beforeAll(async () => {
  svc = await startTestService();
  await svc.admin.POST("/admin/profiles", { body: { profile_name: "work", provider_type: "openai", credentials: { api_key: "sk-pack-0000abcd" } } });
  project = await mkdtemp(path.join(os.tmpdir(), "switcher-client-consumer-"));
}, 120_000);
afterAll(async () => {
  await svc.stop();
  await rm(project, { recursive: true, force: true });
});

describe("the typed client as a package", () => {
  it("packs, installs into a fresh project and runs on plain node (no tsx), switching an agent with its own key", async () => {
    // What `npm pack` in packages/client does (its prepack build), in a folder of this run's own, since
    // both vitest projects run this test at once: compile to ESM and .d.ts, then pack.
    const staging = await mkdtemp(path.join(os.tmpdir(), "switcher-client-package-"));
    await copyFile(path.join(PACKAGE_DIR, "package.json"), path.join(staging, "package.json"));
    await run(path.join(ROOT, "node_modules/.bin/tsc"), ["-p", path.join(PACKAGE_DIR, "tsconfig.json"), "--outDir", path.join(staging, "dist")]);
    await run("npm", ["pack", "--ignore-scripts", "--pack-destination", project], { cwd: staging });
    await rm(staging, { recursive: true, force: true });
    // Offline: its one dependency, openapi-fetch, is packed from this repository's node_modules.
    await run("npm", ["pack", path.join(ROOT, "node_modules/openapi-fetch"), path.join(ROOT, "node_modules/openapi-typescript-helpers")], { cwd: project });
    const tarballs = (await readdir(project)).filter((f) => f.endsWith(".tgz"));
    expect(tarballs).toContain("model-switcher-client-0.1.0.tgz");
    await writeFile(path.join(project, "package.json"), JSON.stringify({ name: "agent", private: true, type: "module" }));
    await run("npm", ["install", "--offline", "--no-audit", "--no-fund", ...tarballs.map((t) => `./${t}`)], { cwd: project });

    const installed = JSON.parse(await readFile(path.join(project, "node_modules/@model-switcher/client/package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(installed.dependencies)).toEqual(["openapi-fetch"]);
    const files = await readdir(path.join(project, "node_modules/@model-switcher/client/dist"), { recursive: true });
    expect(files.filter((f) => /\.(js|d\.ts)$/.test(f)).sort()).toEqual([
      "generated/switcher.d.ts", "generated/switcher.js", "src/client/index.d.ts", "src/client/index.js",
    ]);

    await writeFile(path.join(project, "typed.ts"), TYPED_SCRIPT);
    await run(path.join(ROOT, "node_modules/.bin/tsc"), ["--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--lib", "es2022,dom", "typed.ts"], { cwd: project });

    const key = await createKey(svc, { name: "self-switcher", agent_ids: ["researcher"], scopes: ["read", "switch"] });
    await writeFile(path.join(project, "agent.mjs"), AGENT_SCRIPT);
    const { stdout } = await run(process.execPath, ["agent.mjs"], {
      cwd: project,
      env: { PATH: process.env.PATH ?? "", SWITCHER_URL: svc.url, SWITCHER_AGENT_KEY: key.secret },
    });
    const result = JSON.parse(stdout) as { switched: { agent_id: string; model_name: string }; active: { model_name: string }; refused: number };
    expect(result).toEqual({
      switched: expect.objectContaining({ agent_id: "researcher", profile_name: "work", model_name: "gpt-small" }),
      active: expect.objectContaining({ agent_id: "researcher", model_name: "gpt-small" }),
      refused: 403,
    });
  }, 180_000);
});
