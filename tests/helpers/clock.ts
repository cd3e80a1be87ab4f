import type { Clock } from "../../src/services/scheduler.ts";

/** A clock that moves only when told to. */
export class TestClock implements Clock {
  private current: number;

  constructor(start = Date.now()) {
    this.current = start;
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current += ms;
  }
}

export const HOUR = 3_600_000;
