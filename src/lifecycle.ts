import { setMaxListeners } from "node:events";

/**
 * Where the service is in its life, for /readyz and for in-flight calls. SIGTERM first sets
 * `draining` (readiness fails, load balancers stop sending), then, once SHUTDOWN_GRACE_MS has passed,
 * aborts `graceOver`: every call still running must end now with an error in its agent's dialect
 * (an SSE error event on a stream) and be audited.
 */
export class Lifecycle {
  private isDraining = false;
  private readonly calls = new Set<Promise<unknown>>();
  private readonly grace = new AbortController();
  /** Aborted when the grace period is over; its reason is the Error to show the agent. */
  readonly graceOver: AbortSignal = this.grace.signal;

  constructor() {
    // Every in-flight call listens to this one signal.
    setMaxListeners(0, this.graceOver);
  }

  get draining(): boolean {
    return this.isDraining;
  }

  /** Calls still running (their answer and audit row not yet done). */
  get callsInFlight(): number {
    return this.calls.size;
  }

  /** Counts `work` (one call, up to and including its audit row) as in flight until it settles. */
  trackCall<T>(work: Promise<T>): Promise<T> {
    this.calls.add(work);
    const forget = () => void this.calls.delete(work);
    work.then(forget, forget);
    return work;
  }

  /** Resolves when every tracked call has settled, or after `timeoutMs`; returns how many are still running. */
  async callsSettled(timeoutMs: number): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled([...this.calls]), timeout]);
    clearTimeout(timer);
    return this.calls.size;
  }

  startDraining(): void {
    this.isDraining = true;
  }

  endGrace(): void {
    this.isDraining = true;
    this.grace.abort(new Error("The switcher is restarting and could not finish this call in time; retry it."));
  }
}
