import type { Logger } from "pino";

/**
 * The one list of everything that must forget what it knows when routing may have changed: route
 * caches, model lists, agent-key caches. A change made here, or announced by another replica through
 * the change feed, reaches every subscriber.
 */
export class RoutingChanges {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly logger: Logger) {}

  /** Calls `listener` on every change from now on; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells every subscriber; one that throws is logged and does not keep the others from hearing. */
  emit(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (err) {
        this.logger.error({ err: (err as Error).message }, "a routing-change subscriber failed");
      }
    }
  }
}
