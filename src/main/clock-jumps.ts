// Notices the wall clock jumping: a sleep the OS did not announce (powerMonitor is silent on
// some Linux desktops) or a clock change. The monitor's timers run on a clock that stops while
// asleep, so without this the states from before the sleep would stand until the next timer.
import type { Clock, TimerHandle } from './monitor';

export const CLOCK_TICK_MS = 10_000;
/** More than this off the expected tick is a jump (timers can run late by a few seconds under load). */
export const CLOCK_JUMP_MS = 30_000;

export interface ClockJumpOptions {
  /** Runs the ticks. */
  clock: Clock;
  /** Wall time; the clock's own time by default. */
  wallNow?: () => number;
  onJump(offsetMs: number): void;
}

/** Starts watching; returns a function that stops it. */
export function watchClockJumps({
  clock,
  wallNow = () => clock.now(),
  onJump,
}: ClockJumpOptions): () => void {
  let last = wallNow();
  let timer: TimerHandle | null = null;
  const tick = () => {
    const now = wallNow();
    const offset = now - (last + CLOCK_TICK_MS);
    last = now;
    if (Math.abs(offset) > CLOCK_JUMP_MS) onJump(offset);
    timer = clock.setTimeout(tick, CLOCK_TICK_MS);
  };
  timer = clock.setTimeout(tick, CLOCK_TICK_MS);
  return () => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  };
}
