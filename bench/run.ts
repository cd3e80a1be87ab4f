// npm run bench: the switcher against a bare Node forwarder (the floor), same mock provider, same load,
// for each way a call can go through the switcher (pass-through or translated) and each agent dialect.
import { execFileSync, fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { chatBody, messagesBody, responsesBody } from "./bodies.ts";
import { load, type Measure } from "./load.ts";
import { cpuMs, rssMb } from "./process-stats.ts";
import { withNewDatabase } from "./postgres-database.ts";
import { startSwitcher } from "./switcher.ts";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = 2;
const ROUNDS = 5;
const AGENT_KEY = "bench-agent-key-0123456789abcdef";
const ADMIN_KEY = "bench-admin-key-0123456789abcdef";
const PORTS = { upstream: 18901, floor: 18902, switcher: 18903 };

/** One way through the switcher. `goal`: the least req/s and the most p50, as ratios to the floor. */
interface Scenario {
  name: string;
  path: string;
  agent: string;
  body: (kb: number, tools: number, stream: boolean) => string;
  goal: { rps: number; p50?: number };
}
const PASS_THROUGH = { rps: 0.75, p50: 1.3 };
const TRANSLATION = { rps: 0.6 };
const SCENARIOS: Scenario[] = [
  { name: "chat → openai (pass-through)", path: "/v1/chat/completions", agent: "to-openai", body: chatBody, goal: PASS_THROUGH },
  { name: "chat → anthropic (translated)", path: "/v1/chat/completions", agent: "to-anthropic", body: chatBody, goal: TRANSLATION },
  { name: "messages → anthropic (pass-through)", path: "/v1/messages", agent: "to-anthropic", body: messagesBody, goal: PASS_THROUGH },
  { name: "messages → openai (translated)", path: "/v1/messages", agent: "to-openai", body: messagesBody, goal: TRANSLATION },
  { name: "responses → openai (pass-through)", path: "/v1/responses", agent: "to-openai-responses", body: responsesBody, goal: PASS_THROUGH },
  { name: "responses → openai-compatible (translated to chat)", path: "/v1/responses", agent: "to-openai", body: responsesBody, goal: TRANSLATION },
  { name: "responses → anthropic (translated)", path: "/v1/responses", agent: "to-anthropic", body: responsesBody, goal: TRANSLATION },
];
// A small body, and an agent-sized one (about what Claude Code and OpenClaw send: ~50 KB, 12 tools;
// Codex sends ~40 KB).
const SIZES = (process.env.BENCH_SIZES ?? "4:0,50:12").split(",").map((s) => s.split(":").map(Number) as [number, number]);
const only = process.env.BENCH_ONLY; // a substring of the scenario names to run

const children: ChildProcess[] = [];
// Stopped with Ctrl-C or a kill: stop what was started too, or the next run finds its ports taken.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    for (const child of children) child.kill("SIGTERM");
    process.exit(130);
  });
}
function start(script: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = fork(path.join(import.meta.dirname, script), [], {
    env: { ...process.env, ...env },
    execArgv: ["--import", "tsx", ...(script === "floor-proxy.ts" && process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [])],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once("message", () => resolve(child));
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

/** One load round and the CPU time the target process spent on it, per call. */
interface Round extends Measure {
  cpuUsPerCall: number;
}
const middle = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const median = (runs: Round[]): Round => ({
  rps: middle(runs.map((r) => r.rps)),
  p50: middle(runs.map((r) => r.p50)),
  p99: middle(runs.map((r) => r.p99)),
  cpuUsPerCall: middle(runs.map((r) => r.cpuUsPerCall)),
  errors: runs.reduce((sum, r) => sum + r.errors, 0),
});
const fmt = (m: Round) =>
  `${m.rps.toFixed(0).padStart(7)} req/s  p50 ${m.p50.toFixed(2).padStart(6)} ms  p99 ${m.p99.toFixed(2).padStart(6)} ms  cpu ${m.cpuUsPerCall.toFixed(0).padStart(4)} µs/call`;

try {
  process.stdout.write("Building the service (npm run build)...\n");
  execFileSync("npm", ["run", "-s", "build"], { stdio: "inherit" });
  const upstreamUrl = `http://127.0.0.1:${PORTS.upstream}`;
  await start("mock-upstream.ts", { PORT: String(PORTS.upstream) });
  process.stdout.write("Starting the floor proxy and the switcher (as npm start runs it, on the embedded database)...\n");
  const pids = {
    floor: (await start("floor-proxy.ts", { PORT: String(PORTS.floor), UPSTREAM_URL: upstreamUrl })).pid!,
    switcher: await startSwitcher({ port: PORTS.switcher, upstreamUrl, adminKey: ADMIN_KEY, agentKey: AGENT_KEY }).then((child) => {
      children.push(child);
      return child.pid!;
    }),
  };
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const idle = { floor: rssMb(pids.floor), switcher: rssMb(pids.switcher) };

  process.stdout.write(
    `Load: ${CONNECTIONS} concurrent callers (bench/load.ts), ${ROUNDS} alternating rounds of ${SECONDS / ROUNDS} s per target after ${WARMUP_SECONDS} s warm-up; medians. ` +
      "The floor pipes each call to the provider's endpoint for the agent's dialect.\n\n",
  );
  let failed = false;
  for (const scenario of SCENARIOS.filter((s) => !only || s.name.includes(only))) {
    for (const [kb, tools] of SIZES) {
      for (const stream of [false, true]) {
        const label = `${scenario.name}, ${kb} KB${tools ? `, ${tools} tools` : ""}, ${stream ? "stream" : "non-stream"}`;
        const body = scenario.body(kb, tools, stream);
        const headers = { "content-type": "application/json", authorization: `Bearer ${AGENT_KEY}`, "x-agent-id": scenario.agent };
        const targets = { floor: `http://127.0.0.1:${PORTS.floor}${scenario.path}`, switcher: `http://127.0.0.1:${PORTS.switcher}${scenario.path}` };
        const run = (url: string, seconds: number) => load(url, { body, headers, connections: CONNECTIONS, seconds });
        for (const url of Object.values(targets)) await run(url, WARMUP_SECONDS);
        // Alternate short rounds so both targets see the same drift of a shared machine; report medians.
        const rounds: Record<keyof typeof targets, Round[]> = { floor: [], switcher: [] };
        for (let round = 1; round <= ROUNDS; round++) {
          for (const [name, url] of Object.entries(targets) as Array<[keyof typeof targets, string]>) {
            process.stdout.write(`  round ${round}/${ROUNDS} ${name}...        \r`);
            const cpuBefore = cpuMs(pids[name]);
            const measure = await run(url, SECONDS / ROUNDS);
            const calls = measure.rps * (SECONDS / ROUNDS);
            rounds[name].push({ ...measure, cpuUsPerCall: ((cpuMs(pids[name]) - cpuBefore) * 1000) / calls });
          }
        }
        const floor = median(rounds.floor);
        const switcher = median(rounds.switcher);
        const rpsRatio = switcher.rps / floor.rps;
        const p50Ratio = switcher.p50 / floor.p50;
        const { goal } = scenario;
        const ok = rpsRatio >= goal.rps && (goal.p50 === undefined || p50Ratio <= goal.p50) && switcher.errors === 0;
        failed ||= !ok;
        process.stdout.write(`${label}\n`);
        process.stdout.write(`  floor    ${fmt(floor)}  errors ${floor.errors}\n  switcher ${fmt(switcher)}  errors ${switcher.errors}\n`);
        const goalText = `req/s >= ${goal.rps}${goal.p50 ? `, p50 <= ${goal.p50}` : ""}`;
        process.stdout.write(
          `  switcher/floor: req/s ${rpsRatio.toFixed(2)}, p50 ${p50Ratio.toFixed(2)}, p99 ${(switcher.p99 / floor.p99).toFixed(2)}, cpu/call ${(switcher.cpuUsPerCall / floor.cpuUsPerCall).toFixed(2)} (goal ${goalText})  ${ok ? "OK" : "MISSED"}\n\n`,
        );
      }
    }
  }
  // Memory: the switcher's resident set when idle (after start-up and setup) and its peak under the load
  // above; the goal is peak <= 1.5x idle, and idle <= 250 MB on the embedded database.
  const peak = { floor: rssMb(pids.floor, "VmHWM"), switcher: rssMb(pids.switcher, "VmHWM") };
  const memoryOk = idle.switcher <= 250 && peak.switcher <= 1.5 * idle.switcher;
  failed ||= !memoryOk;
  process.stdout.write(
    `Memory (RSS)\n  floor    idle ${idle.floor.toFixed(0)} MB, peak ${peak.floor.toFixed(0)} MB\n` +
      `  switcher idle ${idle.switcher.toFixed(0)} MB, peak ${peak.switcher.toFixed(0)} MB (peak/idle ${(peak.switcher / idle.switcher).toFixed(2)}; goal idle <= 250 MB, peak <= 1.5x idle)  ${memoryOk ? "OK" : "MISSED"}\n`,
  );

  // The same on Postgres (BENCH_POSTGRES_URL, a server where a database may be created): idle after
  // set-up, and peak after one row's load (4 KB chat pass-through); goal idle <= 150 MB.
  const postgresUrl = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const port = PORTS.switcher + 1;
  await withNewDatabase(postgresUrl, async (databaseUrl) => {
    const child = await startSwitcher({ port, upstreamUrl, adminKey: ADMIN_KEY, agentKey: AGENT_KEY, databaseUrl });
    children.push(child);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const idleMb = rssMb(child.pid!);
    const headers = { "content-type": "application/json", authorization: `Bearer ${AGENT_KEY}`, "x-agent-id": "to-openai" };
    await load(`http://127.0.0.1:${port}/v1/chat/completions`, { body: chatBody(4, 0, false), headers, connections: CONNECTIONS, seconds: SECONDS });
    const peakMb = rssMb(child.pid!, "VmHWM");
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
    const ok = idleMb <= 150 && peakMb <= 1.5 * idleMb;
    failed ||= !ok;
    process.stdout.write(
      `  switcher on Postgres: idle ${idleMb.toFixed(0)} MB, peak ${peakMb.toFixed(0)} MB after the 4 KB chat row's load (peak/idle ${(peakMb / idleMb).toFixed(2)}; goal idle <= 150 MB, peak <= 1.5x idle)  ${ok ? "OK" : "MISSED"}\n`,
    );
  }).catch((err: Error) => process.stdout.write(`  switcher on Postgres: not measured (${postgresUrl}: ${err.message})\n`));
  process.exitCode = failed ? 1 : 0;
} finally {
  for (const child of children) child.kill("SIGTERM");
}
