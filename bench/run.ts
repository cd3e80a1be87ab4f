// npm run bench: the switcher against a bare Node forwarder (the floor), same mock provider, same load.
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { load, type Measure } from "./load.ts";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP_SECONDS = 3;
const ROUNDS = 5;
const BODY_KB = Number(process.env.BENCH_BODY_KB ?? 4);
const AGENT_KEY = "bench-agent-key-0123456789abcdef";
const PORTS = { upstream: 18901, floor: 18902, switcher: 18903 };

const PROFILED = ["floor-proxy.ts", "switcher.ts"];
const children: ChildProcess[] = [];
function start(script: string, env: Record<string, string>): Promise<void> {
  const child = fork(path.join(import.meta.dirname, script), [], {
    env: { ...process.env, ...env },
    // BENCH_PROFILE=<dir>: CPU profiles of the floor and the switcher, for chrome://inspect or speedscope.
    execArgv: ["--import", "tsx", ...(PROFILED.includes(script) && process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [])],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

function requestBody(stream: boolean): string {
  const system = "You are a careful assistant. ".repeat(Math.max(1, Math.round((BODY_KB * 1024) / 29)));
  return JSON.stringify({
    model: "anything",
    stream,
    ...(stream ? { stream_options: { include_usage: true } } : {}),
    max_completion_tokens: 256,
    messages: [
      { role: "system", content: system },
      { role: "user", content: "Say something for the benchmark." },
    ],
  });
}

function measure(url: string, stream: boolean, seconds: number): Promise<Measure> {
  return load(url, {
    body: requestBody(stream),
    headers: { "content-type": "application/json", authorization: `Bearer ${AGENT_KEY}`, "x-agent-id": "bench-agent" },
    connections: CONNECTIONS,
    seconds,
  });
}

const middle = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const median = (runs: Measure[]): Measure => ({
  rps: middle(runs.map((r) => r.rps)),
  p50: middle(runs.map((r) => r.p50)),
  p99: middle(runs.map((r) => r.p99)),
  errors: runs.reduce((sum, r) => sum + r.errors, 0),
});
const fmt = (m: Measure) => `${m.rps.toFixed(0).padStart(7)} req/s  p50 ${m.p50.toFixed(2).padStart(6)} ms  p99 ${m.p99.toFixed(2).padStart(6)} ms`;

try {
  const upstreamUrl = `http://127.0.0.1:${PORTS.upstream}`;
  await start("mock-upstream.ts", { PORT: String(PORTS.upstream) });
  process.stdout.write("Starting the floor proxy and the switcher (embedded database)...\n");
  await start("floor-proxy.ts", { PORT: String(PORTS.floor), UPSTREAM_URL: upstreamUrl });
  await start("switcher.ts", {
    PORT: String(PORTS.switcher),
    UPSTREAM_URL: upstreamUrl,
    ROUTER_ADMIN_KEY: "bench-admin-key-0123456789abcdef",
    ROUTER_AGENT_KEY: AGENT_KEY,
    LOG_LEVEL: "warn",
  });

  process.stdout.write(`Load: ${CONNECTIONS} concurrent callers (bench/load.ts), ${ROUNDS} alternating rounds of ${SECONDS / ROUNDS} s per target and mode after ${WARMUP_SECONDS} s warm-up, ${BODY_KB} KB request body; medians.\n\n`);
  let failed = false;
  const targets = {
    floor: `http://127.0.0.1:${PORTS.floor}/v1/chat/completions`,
    switcher: `http://127.0.0.1:${PORTS.switcher}/v1/chat/completions`,
  };
  for (const stream of [false, true]) {
    const mode = stream ? "stream" : "non-stream";
    for (const url of Object.values(targets)) await measure(url, stream, WARMUP_SECONDS);
    // Alternate short rounds so both targets see the same drift of a shared machine; report medians.
    const rounds: Record<keyof typeof targets, Measure[]> = { floor: [], switcher: [] };
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [name, url] of Object.entries(targets) as Array<[keyof typeof targets, string]>) {
        process.stdout.write(`  ${mode.padEnd(10)} round ${round}/${ROUNDS} ${name}...        \r`);
        rounds[name].push(await measure(url, stream, SECONDS / ROUNDS));
      }
    }
    const floor = median(rounds.floor);
    const switcher = median(rounds.switcher);
    for (const [name, m] of [["floor", floor], ["switcher", switcher]] as const) {
      process.stdout.write(`  ${mode.padEnd(10)} ${name.padEnd(8)} ${fmt(m)}  errors ${m.errors}          \n`);
    }
    const rpsRatio = switcher.rps / floor.rps;
    const p50Ratio = switcher.p50 / floor.p50;
    const ok = rpsRatio >= 0.75 && p50Ratio <= 1.3 && switcher.errors === 0;
    failed ||= !ok;
    process.stdout.write(
      `  ${mode.padEnd(10)} switcher/floor: req/s ${rpsRatio.toFixed(2)} (goal >= 0.75), p50 ${p50Ratio.toFixed(2)} (goal <= 1.30), p99 ${(switcher.p99 / floor.p99).toFixed(2)}  ${ok ? "OK" : "MISSED"}\n\n`,
    );
  }
  process.exitCode = failed ? 1 : 0;
} finally {
  for (const child of children) child.kill("SIGTERM");
}
