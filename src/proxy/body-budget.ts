/**
 * The request-body bytes every call together may hold at once (MAX_INFLIGHT_BODY_MB). Past it a call
 * is refused with 503 and retry-after while it is still being read, instead of the heap growing with
 * every large body that arrives at the same time.
 */
export class BodyBudget {
  private used = 0;

  constructor(private readonly limit: number) {}

  /** Takes `bytes` if they fit; false when they do not. */
  take(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used -= bytes;
  }
}
