/**
 * Where the service is in its life, for /readyz and for in-flight calls. SIGTERM first sets
 * `draining` (readiness fails, load balancers stop sending), then, once SHUTDOWN_GRACE_MS has passed,
 * ends every call still running: each must end now with an error in its agent's dialect (an SSE error
 * event on a stream) and be audited.
 */
export class Lifecycle {
  private isDraining = false;
  private graceEnded: Error | undefined;
  private readonly calls = new Set<Promise<unknown>>();
  // A set of callbacks rather than an AbortSignal: adding and removing one per call costs a fraction
  // of an EventTarget listener's.
  private readonly enders = new Set<(reason: Error) => void>();

  get draining(): boolean {
    return this.isDraining;
  }

  /** Whether the grace period is over (in-flight calls were told to end). */
  get graceOver(): boolean {
    return this.graceEnded !== undefined;
  }

  /** Registers how to end one in-flight call once the grace period is over; called at once if it already is. */
  onGraceOver(end: (reason: Error) => void): void {
    if (this.graceEnded) end(this.graceEnded);
    else this.enders.add(end);
  }

  offGraceOver(end: (reason: Error) => void): void {
    this.enders.delete(end);
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

  /** The grace period is over: ends every registered call with the reason to show its agent. */
  endGrace(): void {
    this.isDraining = true;
    if (this.graceEnded) return;
    const reason = new Error("The switcher is restarting and could not finish this call in time; retry it.");
    this.graceEnded = reason;
    for (const end of this.enders) end(reason);
    this.enders.clear();
  }
}
