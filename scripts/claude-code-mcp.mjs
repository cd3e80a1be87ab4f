#!/usr/bin/env node
// Runs real Claude Code once against the switcher's MCP server and asks it to switch its own model.
// Not part of the test suite (Claude Code is not a dependency of this project). Offline there is no real
// model, so a mock Anthropic provider behind the switcher plays the model: its first turn calls the
// switcher's switch_model tool, the next one answers in text. Everything is throwaway (a temporary
// folder for the database, Claude Code's config and home); the switcher runs from dist/ on plain node.
//
//   npm run build && CLAUDE_BIN=/path/to/claude node scripts/claude-code-mcp.mjs [out-dir]
//
// Prints, and writes to out-dir (default: a temporary folder), what Claude Code sent the model, the
// tool call, and the switcher's history and request audit afterwards.
import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { serviceNodeArgs } from "../dist/src/start-command.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const CLAUDE = process.env.CLAUDE_BIN || "claude";
const AGENT = "claude-code";
const PROFILE = "mock-anthropic";
const [FIRST_MODEL, TARGET_MODEL] = ["claude-mock-first", "claude-mock-target"];
const work = await mkdtemp(path.join(os.tmpdir(), "switcher-claude-code-"));
const out = path.resolve(process.argv[2] ?? path.join(work, "out"));
await mkdir(out, { recursive: true });

/** A free local port. */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// --- the mock Anthropic provider: the model Claude Code talks to, through the switcher ---------------
const seen = [];
const sse = (res, events) => {
  res.writeHead(200, { "content-type": "text/event-stream" });
  for (const [type, payload] of events) res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`);
  res.end();
};
/** The model's turn: a tool_use of the switch tool when it is offered and not yet called, else text. */
function turn(body) {
  const tools = (body.tools ?? []).map((t) => t.name);
  const switchTool = tools.find((name) => name.endsWith("__switch_model"));
  const last = body.messages?.at(-1);
  const toolResult = Array.isArray(last?.content) ? last.content.find((b) => b.type === "tool_result") : undefined;
  if (switchTool && !toolResult) {
    return { kind: "tool_use", block: { type: "tool_use", id: `toolu_${randomBytes(8).toString("hex")}`, name: switchTool, input: { profile_name: PROFILE, model_name: TARGET_MODEL } } };
  }
  const text = toolResult ? "Done: the switcher moved me to the new model." : "OK";
  return { kind: "text", block: { type: "text", text } };
}
const provider = createServer(async (req, res) => {
  let raw = "";
  for await (const chunk of req) raw += chunk;
  const body = raw ? JSON.parse(raw) : {};
  const answer = req.url.startsWith("/v1/messages") && !req.url.includes("count_tokens") ? turn(body) : undefined;
  const last = body.messages?.at(-1);
  seen.push({
    url: req.url, model: body.model, stream: body.stream === true, max_tokens: body.max_tokens,
    tools: (body.tools ?? []).map((t) => t.name).filter((n) => n.startsWith("mcp__")),
    tool_count: (body.tools ?? []).length,
    last_message: last && { role: last.role, content: Array.isArray(last.content) ? last.content.map((b) => (b.type === "text" ? { type: "text", text: b.text.slice(0, 200) } : b)) : String(last.content).slice(0, 200) },
    answered: answer ? answer.block : null,
  });
  if (req.url.includes("count_tokens")) return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ input_tokens: 100 }));
  if (!answer) return res.writeHead(404).end();
  const stop = answer.kind === "tool_use" ? "tool_use" : "end_turn";
  const message = { id: `msg_${randomBytes(8).toString("hex")}`, type: "message", role: "assistant", model: body.model, stop_sequence: null };
  if (body.stream !== true) {
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(JSON.stringify({ ...message, content: [answer.block], stop_reason: stop, usage: { input_tokens: 100, output_tokens: 10 } }));
  }
  const start = answer.kind === "tool_use" ? { ...answer.block, input: {} } : { type: "text", text: "" };
  const delta = answer.kind === "tool_use" ? { type: "input_json_delta", partial_json: JSON.stringify(answer.block.input) } : { type: "text_delta", text: answer.block.text };
  sse(res, [
    ["message_start", { message: { ...message, content: [], stop_reason: null, usage: { input_tokens: 100, output_tokens: 1 } } }],
    ["content_block_start", { index: 0, content_block: start }],
    ["content_block_delta", { index: 0, delta }],
    ["content_block_stop", { index: 0 }],
    ["message_delta", { delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 10 } }],
    ["message_stop", {}],
  ]);
});
await new Promise((resolve) => provider.listen(0, "127.0.0.1", resolve));
const providerUrl = `http://127.0.0.1:${provider.address().port}`;

// --- the switcher, from dist/ as npm start runs it --------------------------------------------------
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const adminKey = `admin-${randomBytes(16).toString("hex")}`;
const switcherLog = [];
const switcher = spawn(process.execPath, serviceNodeArgs(), {
  cwd: work,
  env: { PATH: process.env.PATH, HOME: work, PORT: String(port), DATA_DIR: path.join(work, "data"), ROUTER_ADMIN_KEY: adminKey, ROUTER_AGENT_KEY: `agent-${randomBytes(16).toString("hex")}` },
  stdio: ["ignore", "pipe", "pipe"],
});
switcher.stdout.on("data", (d) => switcherLog.push(String(d)));
switcher.stderr.on("data", (d) => switcherLog.push(String(d)));
const switcherExited = new Promise((resolve) => switcher.once("exit", resolve));
/** SIGTERM, then wait: the switcher writes its last rows and log lines to us, so we must still be reading. */
async function stopSwitcher() {
  if (switcher.exitCode === null && switcher.signalCode === null) switcher.kill("SIGTERM");
  await switcherExited;
}

async function api(method, route, key, body) {
  const res = await fetch(`${url}${route}`, { method, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: body && JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

let exitCode = 1;
try {
  for (let deadline = Date.now() + 60_000; ; ) {
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) throw new Error(`the switcher did not start:\n${switcherLog.join("")}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  await api("POST", "/admin/profiles", adminKey, { profile_name: PROFILE, provider_type: "anthropic", base_url: providerUrl, credentials: { api_key: "sk-ant-mock-0000" } });
  for (const model_name of [FIRST_MODEL, TARGET_MODEL]) await api("POST", "/admin/models", adminKey, { profile_name: PROFILE, model_name });
  await api("POST", "/api/switch", adminKey, { agent_id: AGENT, profile_name: PROFILE, model_name: FIRST_MODEL });
  const { secret: agentKey } = await api("POST", "/admin/keys", adminKey, { name: "claude-code-key", agent_ids: [AGENT], scopes: ["call", "read", "switch"] });

  // --- Claude Code, with a throwaway config; its model calls go through the switcher as agent claude-code
  const home = path.join(work, "home");
  const project = path.join(work, "project");
  await mkdir(home, { recursive: true });
  await mkdir(project, { recursive: true });
  const claudeEnv = {
    PATH: process.env.PATH, HOME: home, CLAUDE_CONFIG_DIR: path.join(home, ".claude"),
    ANTHROPIC_BASE_URL: url, ANTHROPIC_API_KEY: agentKey,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1", DISABLE_AUTOUPDATER: "1", DISABLE_TELEMETRY: "1",
  };
  const run = (args, timeout = 180_000) => {
    const running = promisify(execFile)(CLAUDE, args, { cwd: project, env: claudeEnv, timeout });
    running.child.stdin.end(); // nothing to read: `claude -p` otherwise waits 3 s for stdin
    return running.catch((err) => err);
  };
  const commands = [];
  // The agent key is shown as <agent key> in everything this script prints or keeps.
  const hide = (text = "") => text.replaceAll(agentKey, "<agent key>");
  const record = async (args) => {
    const r = await run(args);
    commands.push({ command: hide(["claude", ...args].join(" ")), code: r.code ?? 0, stdout: hide(r.stdout), stderr: hide(r.stderr) });
    const shown = commands.at(-1);
    console.log(`$ ${shown.command}\n${shown.stdout}${shown.stderr}`);
    return r;
  };
  await record(["mcp", "add", "--transport", "http", "switcher", `${url}/mcp`, "--header", `Authorization: Bearer ${agentKey}`]);
  await record(["mcp", "list"]);
  const prompt = `Use the switcher MCP tools to switch yourself to ${PROFILE} / ${TARGET_MODEL}.`;
  await record(["-p", prompt, "--allowedTools", "mcp__switcher__switch_model,mcp__switcher__list_models,mcp__switcher__get_active_model", "--output-format", "json"]);

  const history = await api("GET", `/api/agents/${AGENT}/history`, agentKey);
  // The request audit, read from the embedded database once the switcher has stopped (it writes every row first).
  await stopSwitcher();
  const { PGlite } = await import("@electric-sql/pglite");
  const db = await PGlite.create(path.join(work, "data"));
  const audit = (await db.query("SELECT id::int, agent_id, model_name, dialect, stream, status, actor FROM audit_requests ORDER BY id")).rows;
  await db.close();
  const result = { switcher_url: url, provider_url: providerUrl, commands, provider_requests: seen, history: history.data, audit_requests: audit };
  await writeFile(path.join(out, "result.json"), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify({ provider_requests: seen, history: history.data, audit_requests: audit }, null, 2));
  const switched = history.data.find((h) => h.via === "mcp" && h.to_model === TARGET_MODEL);
  const firstAfter = switched && seen.findIndex((r) => r.answered?.type === "tool_use");
  // The switch's own test request (max_tokens 1, from the switcher) is not one of Claude Code's calls.
  const nextModel = firstAfter !== undefined && firstAfter >= 0 ? seen.slice(firstAfter + 1).find((r) => r.url.startsWith("/v1/messages") && r.max_tokens !== 1)?.model : undefined;
  console.log(`\nswitched through MCP: ${switched ? `yes (history entry ${switched.id}, actor ${switched.actor})` : "no"}; the next proxied call's model: ${nextModel ?? "none"}`);
  exitCode = switched && nextModel === TARGET_MODEL ? 0 : 1;
} finally {
  await stopSwitcher();
  await writeFile(path.join(out, "switcher.log"), switcherLog.join(""));
  provider.close();
  console.log(`(files in ${out})`);
}
process.exit(exitCode);
