// The real clock: wall time and Node timers. Tests inject a fake Clock instead.
import type { Clock, TimerHandle } from './types';

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback: () => void, ms: number): TimerHandle => setTimeout(callback, ms),
  clearTimeout: (handle: TimerHandle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
