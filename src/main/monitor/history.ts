// Bounded history for the window and the app's persistence: per server, latency samples kept
// 24 h and at most 10,000 (a ring of typed arrays: O(1) amortised, ~17 bytes a sample), their
// uptime, and the newest monitor events. Serialisable to and from JSON.
import { HISTORY_KEEP_MS, HISTORY_MAX_EVENTS, HISTORY_MAX_SAMPLES } from '../../shared/ipc';
import type { HistoryView, LatencyPoint, ServerHistory } from '../../shared/ipc';
import type { MonitorEvent, ServerState } from '../../shared/types';
import { isUsable } from './health';
import type { ProbeResult } from './types';

export { HISTORY_KEEP_MS, HISTORY_MAX_EVENTS, HISTORY_MAX_SAMPLES };

const STATES: readonly ServerState[] = ['unknown', 'starting', 'up', 'busy', 'degraded', 'blocked', 'down'];
const INITIAL_CAPACITY = 64;

export interface HistoryOptions {
  keepMs?: number;
  maxSamples?: number;
  maxEvents?: number;
  /** Epoch ms; the keep window ends here. */
  now?: () => number;
}

/** The persisted form: columns per server keep the file small. */
export interface SerializedHistory {
  version: 1;
  servers: Record<string, { at: number[]; ms: (number | null)[]; state: ServerState[] }>;
  events: MonitorEvent[];
}

/** Samples oldest first, in a ring that grows by doubling up to `max`, then overwrites the oldest. */
class SampleRing {
  private at: Float64Array;
  /** NaN stands for null (a failed probe). */
  private ms: Float64Array;
  private state: Uint8Array;
  private head = 0;
  size = 0;
  /** Samples whose state was usable, kept in step so uptime is O(1). */
  usable = 0;

  constructor(private readonly max: number) {
    const capacity = Math.min(INITIAL_CAPACITY, max);
    this.at = new Float64Array(capacity);
    this.ms = new Float64Array(capacity);
    this.state = new Uint8Array(capacity);
  }

  push(point: LatencyPoint): void {
    if (this.size === this.at.length) {
      if (this.size < this.max) this.grow();
      else this.dropOldest();
    }
    const i = (this.head + this.size) % this.at.length;
    this.at[i] = point.at;
    this.ms[i] = point.ms ?? Number.NaN;
    this.state[i] = STATES.indexOf(point.state);
    this.size += 1;
    if (isUsable(point.state)) this.usable += 1;
  }

  dropBefore(cutoff: number): void {
    while (this.size > 0 && this.at[this.head] < cutoff) this.dropOldest();
  }

  points(): LatencyPoint[] {
    const out: LatencyPoint[] = [];
    for (let n = 0; n < this.size; n += 1) {
      const i = (this.head + n) % this.at.length;
      out.push({
        at: this.at[i],
        ms: Number.isNaN(this.ms[i]) ? null : this.ms[i],
        state: STATES[this.state[i]],
      });
    }
    return out;
  }

  private dropOldest(): void {
    if (isUsable(STATES[this.state[this.head]])) this.usable -= 1;
    this.head = (this.head + 1) % this.at.length;
    this.size -= 1;
  }

  private grow(): void {
    const capacity = Math.min(this.at.length * 2, this.max);
    this.at = unrolled(this.at, new Float64Array(capacity), this.head, this.size);
    this.ms = unrolled(this.ms, new Float64Array(capacity), this.head, this.size);
    this.state = unrolled(this.state, new Uint8Array(capacity), this.head, this.size);
    this.head = 0;
  }
}

/** Copies a ring's `size` items from `head` on into the start of `into`. */
function unrolled<T extends Float64Array | Uint8Array>(ring: T, into: T, head: number, size: number): T {
  for (let n = 0; n < size; n += 1) into[n] = ring[(head + n) % ring.length];
  return into;
}

export class History {
  private readonly keepMs: number;
  private readonly maxSamples: number;
  private readonly maxEvents: number;
  private readonly now: () => number;
  private readonly rings = new Map<string, SampleRing>();
  /** Trimmed in batches (to maxEvents once it reaches twice that): O(1) amortised. */
  private eventLog: MonitorEvent[] = [];

  constructor(options: HistoryOptions = {}) {
    this.keepMs = options.keepMs ?? HISTORY_KEEP_MS;
    this.maxSamples = Math.max(1, options.maxSamples ?? HISTORY_MAX_SAMPLES);
    this.maxEvents = Math.max(1, options.maxEvents ?? HISTORY_MAX_EVENTS);
    this.now = options.now ?? Date.now;
  }

  record(url: string, point: LatencyPoint): void {
    let ring = this.rings.get(url);
    if (!ring) {
      ring = new SampleRing(this.maxSamples);
      this.rings.set(url, ring);
    }
    ring.push(point);
    ring.dropBefore(this.cutoff());
  }

  /** One probe, with the state the monitor gave the server after it. */
  recordProbe(result: ProbeResult, state: ServerState): void {
    this.record(result.url, { at: result.startedAt, ms: result.ok ? result.responseTimeMs : null, state });
  }

  recordEvent(event: MonitorEvent): void {
    this.eventLog.push(event);
    if (this.eventLog.length >= 2 * this.maxEvents) this.eventLog = this.eventLog.slice(-this.maxEvents);
  }

  points(url: string): LatencyPoint[] {
    return this.trimmed(url)?.points() ?? [];
  }

  sampleCount(url: string): number {
    return this.trimmed(url)?.size ?? 0;
  }

  /** Share of kept samples that found the server usable, 0..1; null without samples. */
  uptime(url: string): number | null {
    const ring = this.trimmed(url);
    return ring && ring.size > 0 ? ring.usable / ring.size : null;
  }

  /** Newest last. */
  events(): MonitorEvent[] {
    return this.eventLog.slice(-this.maxEvents);
  }

  /** The window's view, servers in the given (configured) order. */
  view(urls: readonly string[]): HistoryView {
    const servers: ServerHistory[] = urls.map((url) => ({
      url,
      points: this.points(url),
      uptime: this.uptime(url),
    }));
    return { servers, events: this.events() };
  }

  /** Forgets servers no longer configured. */
  retain(urls: readonly string[]): void {
    const keep = new Set(urls);
    for (const url of this.rings.keys()) if (!keep.has(url)) this.rings.delete(url);
  }

  toJSON(): SerializedHistory {
    const servers: SerializedHistory['servers'] = {};
    for (const url of this.rings.keys()) {
      const points = this.points(url);
      servers[url] = {
        at: points.map((p) => p.at),
        ms: points.map((p) => p.ms),
        state: points.map((p) => p.state),
      };
    }
    return { version: 1, servers, events: this.events() };
  }

  /** Rebuilds from a persisted value; malformed parts are skipped, bounds and the keep window applied. */
  static fromJSON(raw: unknown, options: HistoryOptions = {}): History {
    const history = new History(options);
    if (!isRecord(raw) || raw.version !== 1) return history;
    if (isRecord(raw.servers)) {
      for (const [url, columns] of Object.entries(raw.servers)) {
        if (!isRecord(columns) || !Array.isArray(columns.at)) continue;
        const { at, ms, state } = columns;
        if (!Array.isArray(ms) || !Array.isArray(state)) continue;
        at.forEach((time: unknown, i) => {
          const latency: unknown = ms[i];
          const sampleState: unknown = state[i];
          if (typeof time !== 'number' || !Number.isFinite(time) || !isServerState(sampleState)) return;
          if (latency !== null && typeof latency !== 'number') return;
          history.record(url, { at: time, ms: latency, state: sampleState });
        });
      }
    }
    if (Array.isArray(raw.events)) raw.events.filter(isMonitorEvent).forEach((e) => history.recordEvent(e));
    return history;
  }

  private cutoff(): number {
    return this.now() - this.keepMs;
  }

  private trimmed(url: string): SampleRing | undefined {
    const ring = this.rings.get(url);
    ring?.dropBefore(this.cutoff());
    return ring;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isServerState(value: unknown): value is ServerState {
  return typeof value === 'string' && (STATES as readonly string[]).includes(value);
}

const EVENT_TYPES: readonly string[] = [
  'best',
  'state',
  'failover',
  'rebalance',
  'all-down',
  'recovery',
  'network-down',
  'network-up',
] satisfies MonitorEvent['type'][];

/** A shallow check: the file is our own, written by toJSON. */
function isMonitorEvent(value: unknown): value is MonitorEvent {
  return isRecord(value) && typeof value.at === 'string' && EVENT_TYPES.includes(String(value.type));
}
