import { setMaxListeners } from "node:events";

/**
 * Where the service is in its life, for /readyz and for in-flight calls. SIGTERM first sets
 * `draining` (readiness fails, load balancers stop sending), then, once SHUTDOWN_GRACE_MS has passed,
 * aborts `graceOver`: every call still running must end now with an error in its agent's dialect
 * (an SSE error event on a stream) and be audited.
 */
export class Lifecycle {
  private isDraining = false;
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

  startDraining(): void {
    this.isDraining = true;
  }

  endGrace(): void {
    this.isDraining = true;
    this.grace.abort(new Error("The switcher is restarting and could not finish this call in time; retry it."));
  }
}
