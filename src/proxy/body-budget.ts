import { AppError } from "../errors.ts";

/**
 * The body bytes every call together may hold at once (MAX_INFLIGHT_BODY_MB): agents' request bodies and
 * the providers' answers read whole (non-stream answers, errors). Past it a call is refused with 503 and
 * retry-after while the body is still being read, instead of the heap growing with every large body
 * that arrives at the same time.
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

/** The 503 a call gets when the budget is spent; the agent is told to retry (retry-after: 1). */
export const budgetExhausted = () =>
  new AppError(503, "overloaded_error", "The switcher holds as many bodies as MAX_INFLIGHT_BODY_MB allows; retry shortly.", undefined, "body_budget_exhausted");
