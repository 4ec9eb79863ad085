import { Clock } from '../../src/common/clock.js';

/**
 * The app's clock in e2e tests: real time, moved forward or back on demand, so a test reaches
 * "after the event" or "in six hours" at once instead of waiting or backdating rows.
 */
export class TestClock extends Clock {
  private offsetMs = 0;

  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves the app's time by `ms` (negative goes back); time keeps running from there. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Back to the real time. */
  reset(): void {
    this.offsetMs = 0;
  }
}
