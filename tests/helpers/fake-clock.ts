// A deterministic Clock for tests: time moves only through advance(), which runs due timers in
// order and lets pending promises settle between them.
import type { Clock, TimerHandle } from '../../src/main/monitor/types';

interface Timer {
  id: number;
  due: number;
  callback: () => void;
}

/** Lets every pending promise chain (no real I/O) run to completion. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

export class FakeClock implements Clock {
  private time: number;
  private nextId = 1;
  private timers: Timer[] = [];

  constructor(start = Date.parse('2026-01-01T00:00:00.000Z')) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, due: this.time + Math.max(0, ms), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }

  /** Timers waiting to run. */
  get pending(): number {
    return this.timers.length;
  }

  /** Runs, in due order (then creation order), every timer due within `ms`, including ones they set. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await settle();
    for (;;) {
      const next = this.timers.reduce<Timer | null>(
        (first, timer) =>
          first === null || timer.due < first.due || (timer.due === first.due && timer.id < first.id)
            ? timer
            : first,
        null,
      );
      if (next === null || next.due > end) break;
      this.timers = this.timers.filter((timer) => timer !== next);
      this.time = next.due;
      next.callback();
      await settle();
    }
    this.time = end;
    await settle();
  }
}
