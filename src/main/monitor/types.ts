// Interfaces inside the monitor: what one probe returns, and the injected clock.
import type { ErrorKind, ProbeStep, QueueInfo, SystemInfo } from '../../shared/types';

/** A server as the monitor probes it: URL without credentials, headers already merged. */
export interface ProbeTarget {
  url: string;
  /** Extra request headers (a Basic Authorization moved out of the URL lands here). */
  headers: Record<string, string>;
  trustSelfSigned: boolean;
}

export interface ProbeResult {
  url: string;
  /** A step validated: this is ComfyUI and it answered. */
  ok: boolean;
  step: ProbeStep | null;
  /** The path that validated, as requested (`/api/queue`, `/history?max_items=1`). */
  endpoint: string | null;
  /** That step's time to full body. */
  responseTimeMs: number | null;
  queue: QueueInfo | null;
  system: SystemInfo | null;
  errorKind: ErrorKind | null;
  error: string | null;
  /** A connection failure where nothing answered (no route to the host). */
  noRoute?: true;
  /** Wall-clock epoch ms when the probe started, and how long the whole probe took. */
  startedAt: number;
  durationMs: number;
}

export interface ProbeOptions {
  /** Deadline for the whole probe, every step included. */
  timeoutMs: number;
  signal?: AbortSignal;
  /**
   * Also fetch `/system_stats` (version, VRAM) when the ladder stopped before it; default true.
   * It never changes the verdict; a caller may ask for it at a slower cadence.
   */
  includeSystem?: boolean;
}

export type ProbeFn = (target: ProbeTarget, options: ProbeOptions) => Promise<ProbeResult>;

export type TimerHandle = unknown;

/** Time as the scheduler sees it; tests inject a fake one so timing runs in milliseconds. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}
