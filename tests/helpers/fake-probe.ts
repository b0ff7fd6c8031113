// Probe results and a controllable ProbeFn for monitor tests: each URL gets a behaviour that the
// test can change at any time; calls and probes in flight are counted.
import type { ErrorKind, QueueInfo } from '../../src/shared/types';
import type { ProbeFn, ProbeOptions, ProbeResult, ProbeTarget } from '../../src/main/monitor/types';
import type { FakeClock } from './fake-clock';

export function okResult(url: string, overrides: Partial<ProbeResult> = {}): ProbeResult {
  return {
    url,
    ok: true,
    step: 'queue',
    endpoint: '/queue',
    responseTimeMs: 12,
    queue: { running: 0, pending: 0, total: 0 },
    system: null,
    errorKind: null,
    error: null,
    startedAt: 0,
    durationMs: 12,
    ...overrides,
  };
}

export function queueOf(total: number): QueueInfo {
  const running = Math.min(total, 1);
  return { running, pending: total - running, total };
}

const MESSAGES: Record<ErrorKind, string> = {
  refused: 'connection refused (/queue)',
  dns: 'DNS: name not found (/queue)',
  timeout: 'no answer within the timeout (/queue)',
  tls: 'TLS: self-signed certificate (/queue)',
  reset: 'connection reset (/queue)',
  http: '/queue answered 502',
  'not-comfyui': '/queue answered 200 text/html ("Workspace is asleep")',
  blocked: '/queue: 302 to /login',
  'too-large': '/queue: body over 4 MiB',
};

export function failResult(
  url: string,
  errorKind: ErrorKind,
  overrides: Partial<ProbeResult> = {},
): ProbeResult {
  return {
    ...okResult(url),
    ok: false,
    step: null,
    endpoint: null,
    responseTimeMs: null,
    queue: null,
    errorKind,
    error: MESSAGES[errorKind],
    ...overrides,
  };
}

/** How a fake server answers: after `delayMs` on the fake clock ('timeout' = the probe's deadline). */
export interface Behaviour {
  delayMs: number | 'timeout';
  result(url: string): ProbeResult;
}

export const answers = (overrides: Partial<ProbeResult> = {}): Behaviour => ({
  delayMs: 0,
  result: (url) => okResult(url, overrides),
});
export const idle = (ms = 12): Behaviour => answers({ responseTimeMs: ms });
export const queued = (total: number, ms = 12): Behaviour =>
  answers({ queue: queueOf(total), responseTimeMs: ms });
export const fails = (errorKind: ErrorKind): Behaviour => ({
  delayMs: 0,
  result: (url) => failResult(url, errorKind),
});
export const refuses = (): Behaviour => fails('refused');
/** Accepts the connection and never answers: the probe ends at its deadline. */
export const hangs = (): Behaviour => ({ delayMs: 'timeout', result: (url) => failResult(url, 'timeout') });

export class FakeProbes {
  private readonly behaviours = new Map<string, Behaviour>();
  private readonly running = new Map<string, number>();
  private readonly starts = new Map<string, number[]>();
  /** The most probes ever in flight at once for one URL. */
  maxInFlight = 0;
  readonly received: ProbeOptions[] = [];

  constructor(
    private readonly clock: FakeClock,
    initial: Record<string, Behaviour> = {},
  ) {
    for (const [url, behaviour] of Object.entries(initial)) this.set(url, behaviour);
  }

  set(url: string, behaviour: Behaviour): void {
    this.behaviours.set(url, behaviour);
  }

  calls(url: string): number {
    return this.startTimes(url).length;
  }

  /** Fake-clock times at which probes of `url` started. */
  startTimes(url: string): number[] {
    return this.starts.get(url) ?? [];
  }

  inFlight(url: string): number {
    return this.running.get(url) ?? 0;
  }

  readonly probe: ProbeFn = (target: ProbeTarget, options: ProbeOptions) => {
    const { url } = target;
    const behaviour = this.behaviours.get(url);
    if (!behaviour) throw new Error(`no behaviour for ${url}`);
    this.received.push(options);
    this.starts.set(url, [...this.startTimes(url), this.clock.now()]);
    this.running.set(url, this.inFlight(url) + 1);
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight(url));
    const startedAt = this.clock.now();
    const delay = behaviour.delayMs === 'timeout' ? options.timeoutMs : behaviour.delayMs;
    return new Promise<ProbeResult>((resolve) => {
      this.clock.setTimeout(() => {
        this.running.set(url, this.inFlight(url) - 1);
        resolve({ ...behaviour.result(url), startedAt, durationMs: this.clock.now() - startedAt });
      }, delay);
    });
  };
}

export const target = (url: string): ProbeTarget => ({ url, headers: {}, trustSelfSigned: false });
