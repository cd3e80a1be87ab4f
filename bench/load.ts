import { Pool } from "undici";

export interface Measure {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;

/**
 * Closed-loop load: `connections` callers each send the next request as soon as the last answer was
 * read in full. Latency is timed per request in microseconds (autocannon rounds to whole milliseconds,
 * too coarse to compare a proxy that adds a fraction of one).
 */
export async function load(
  url: string,
  options: { body: string; headers: Record<string, string>; connections: number; seconds: number },
): Promise<Measure> {
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections: options.connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const caller = async () => {
    while (performance.now() < deadline) {
      const sent = performance.now();
      try {
        const res = await pool.request({ path: target.pathname, method: "POST", headers: options.headers, body: options.body });
        for await (const _ of res.body) {
          // read the whole answer, streamed or not
        }
        if (res.statusCode !== 200) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: options.connections }, caller));
  const elapsed = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / elapsed, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), errors };
}
